import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { childEnv } from './env.js';

// The server in a child process (adapters/slack/dev/crash-child.ts) with the Slack Web API stand-in, for the
// crash tests: it reports when it listens and every Web API call, so a test sees what was posted before a SIGKILL.

export interface ChildCall {
  call: string;
  channel?: string;
  thread: string | null;
}

const children: ChildProcess[] = [];

/** Starts the child with `settings` (and without DATABASE_URL unless given); resolves once it listens. */
export function startCrashChild(settings: Record<string, string>, calls: ChildCall[]): Promise<{ child: ChildProcess; url: string }> {
  const env = childEnv({ HOST: '127.0.0.1', PORT: '0', WERKTAFEL_PLAYGROUND: '0', LOG_LEVEL: 'silent', ...settings });
  const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/slack/dev/crash-child.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const msg = JSON.parse(line) as ChildCall & { listening?: string };
      if (msg.listening) resolve({ child, url: msg.listening });
      else calls.push(msg);
    });
  });
}

export const killChild = (child: ChildProcess, signal: NodeJS.Signals) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill(signal);
  });

/** Every child this test file started, killed (afterAll). */
export async function killChildren(): Promise<void> {
  for (const c of children.splice(0)) await killChild(c, 'SIGKILL');
}
