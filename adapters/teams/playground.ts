import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { t } from '../../src/core/i18n.js';
import { PROJECT_ROOT } from '../../src/paths.js';

// The local trial: Microsoft 365 Agents Playground (a Teams look-alike in the browser) pointed at
// our /api/messages. It runs without credentials, so it is forced onto 127.0.0.1.

// From the project root, so that the compiled dist/ (which holds no .cjs copies) finds it too.
const PRELOAD = path.join(PROJECT_ROOT, 'adapters', 'teams', 'loopback-preload.cjs');

export interface Playground {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages */
  botEndpoint: string;
  /** Fixed port (WERKTAFEL_PLAYGROUND_PORT); a free one otherwise. */
  port?: number;
  logFile: string;
  startTimeoutMs?: number;
}

/** The playground's CLI script, found through its package (the .bin shim is a symlink or a .cmd). */
export function playgroundCli(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startPlayground(opts: PlaygroundOptions): Promise<Playground> {
  const wanted = opts.port || (await freePort());
  const args = [
    '--require',
    PRELOAD,
    playgroundCli(),
    '--app-endpoint',
    opts.botEndpoint,
    '--channel-id',
    'msteams',
    '--port',
    String(wanted),
    // The connector the bot answers to; 127.0.0.1 rather than its default "localhost" (may be ::1).
    '--service-url',
    `http://127.0.0.1:${wanted}/_connector`,
    '--disable-telemetry',
  ];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_LOGFILE: opts.logFile,
      WERKTAFEL_PLAYGROUND_HOST: '127.0.0.1',
    },
  });
  const port = await listeningPort(child, opts.startTimeoutMs ?? 30_000);
  if (port !== wanted) {
    await stopChild(child);
    throw new Error(t('nl', 'server.teams.playground_port', { port, wanted }));
  }
  return { url: `http://127.0.0.1:${port}`, port, stop: () => stopChild(child) };
}

/** Its only machine-readable sign of life on a non-TTY stdout: "Listening on <port>". */
function listeningPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(t('nl', 'server.teams.playground_timeout', { seconds: timeoutMs / 1000 }))), timeoutMs);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill();
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      out = (out + chunk.toString('utf8')).slice(-4000);
      const m = /Listening on (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (out = (out + c.toString('utf8')).slice(-4000)));
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`Agents Playground stopte (code ${code}): ${out.trim().slice(-500)}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
