import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';
import { childEnv } from './env.js';

// The `werktafel` command (bin/werktafel.js) in a child process, as a member or an administrator runs it, on the
// test's own store (see env.ts: nothing configured outside the test reaches it).

export interface WerktafelRun {
  /** The exit code; null when the process was stopped (see `hangMs`). */
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Only against a hang: a run taking longer is stopped. Far above what a slow, loaded CI machine needs. */
const HANG_MS = 240_000;

/**
 * Runs `werktafel <args>` with `input` on its stdin (closed after it) on the store in `dataDir` (and at
 * `databaseUrl` when given); resolves when it exits, with what it wrote.
 */
export function runWerktafel(
  args: string[],
  opts: { dataDir: string; databaseUrl?: string; input?: string | Buffer; hangMs?: number },
): Promise<WerktafelRun> {
  const env = childEnv({ WERKTAFEL_DATA_DIR: opts.dataDir, ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}) });
  const hangMs = opts.hangMs ?? HANG_MS;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'werktafel.js'), ...args], {
      cwd: PROJECT_ROOT,
      env,
      timeout: hangMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // A command that does not read its input may exit before it is written: that is no failure.
    child.stdin.on('error', () => undefined);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      // A test shows stderr when the status is not what it expects: say there why there is none.
      if (signal) stderr += `\n(werktafel ${args[0]} ended by ${signal}; a run is stopped after ${hangMs} ms)`;
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}
