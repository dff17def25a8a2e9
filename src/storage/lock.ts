import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { errorRef, log } from '../log.js';

const require = createRequire(import.meta.url);

// PGlite has no server to arbitrate access: two processes on one data directory corrupt it.
// proper-lockfile holds a lock directory whose time stamp the holder refreshes; when the holder dies
// the refreshes stop and the lock goes stale, so only a live holder keeps a second process out.
// The refreshes run in a worker thread: the embedded database blocks the main thread for seconds at
// a time (start-up, large queries), which must not make a live lock look stale. A pid is never
// trusted (a restarted container has the same pid and host); the info file only names the holder.

/** A holder refreshes every UPDATE_MS; one silent for STALE_MS has died. */
const STALE_MS = 10_000;
const UPDATE_MS = 2_000;
/** How long a starting process waits for a lock to go stale before it names a live holder. */
const WAIT_MS = STALE_MS + 1_500;
const RETRY_MS = 500;

/** Runs in the worker: takes the lock, keeps it fresh, releases it when asked. */
const HOLDER = `
const { parentPort, workerData } = require('node:worker_threads');
const lockfile = require(workerData.lib);
lockfile.lock(workerData.dir, { ...workerData.options, onCompromised: (err) => parentPort.postMessage({ compromised: err.message }) }).then(
  (release) => {
    parentPort.postMessage({ locked: true });
    parentPort.on('message', () => release().catch(() => undefined).then(() => parentPort.postMessage({ released: true })));
  },
  (err) => parentPort.postMessage({ failed: err.code || err.message }),
);
`;

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number | null,
    readonly host: string | null,
  ) {
    const who = pid ? ` (pid ${pid} op ${host ?? 'onbekende host'})` : '';
    super(
      `De datamap ${dataDir} is al in gebruik door een ander Werktafel-proces${who}. ` +
        `Stop dat proces, of gebruik een andere map (WERKTAFEL_DATA_DIR) of een Postgres-server (DATABASE_URL). ` +
        `The data directory is in use by another process.`,
    );
    this.name = 'DataDirInUseError';
  }
}

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

export interface DirLock {
  release(): Promise<void>;
}

function readInfo(file: string): Partial<LockInfo> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return {};
  }
}

export async function lockDataDir(dataDir: string): Promise<DirLock> {
  fs.mkdirSync(dataDir, { recursive: true });
  const infoFile = path.join(dataDir, 'werktafel.lock');
  const lockDir = path.join(dataDir, 'werktafel.lock.d');
  const options = {
    lockfilePath: lockDir,
    realpath: false,
    stale: STALE_MS,
    update: UPDATE_MS,
    retries: { retries: Math.ceil(WAIT_MS / RETRY_MS), factor: 1, minTimeout: RETRY_MS, maxTimeout: RETRY_MS },
  };
  const worker = new Worker(HOLDER, { eval: true, workerData: { lib: require.resolve('proper-lockfile'), dir: dataDir, options } });
  const first = await new Promise<{ locked?: true; failed?: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  if (!first.locked) {
    await worker.terminate();
    if (first.failed !== 'ELOCKED') throw new Error(`Kon de datamap ${dataDir} niet vergrendelen: ${first.failed}`);
    const holder = readInfo(infoFile);
    throw new DataDirInUseError(dataDir, holder.pid ?? null, holder.host ?? null);
  }
  // An exit without close(): the lock need not wait to go stale.
  const onExit = () => fs.rmSync(lockDir, { recursive: true, force: true });
  process.once('exit', onExit);
  worker.on('message', (m: { compromised?: string }) => {
    if (!m.compromised) return;
    // Another process took the directory over: stop before two processes write it.
    log.fatal({ dataDir, ref: errorRef(), reason: m.compromised }, 'data directory lock lost; stopping');
    process.removeListener('exit', onExit);
    process.exit(75);
  });
  worker.unref();
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  fs.writeFileSync(infoFile, JSON.stringify(mine));
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      process.removeListener('exit', onExit);
      fs.rmSync(infoFile, { force: true });
      const done = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage('release');
      await done;
      await worker.terminate();
    },
  };
}
