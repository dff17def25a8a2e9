import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// PGlite has no server to arbitrate access: two processes on one data directory corrupt it.
// A lock file holding pid and host lets a second process fail with a clear message instead.

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly host: string,
  ) {
    super(
      `De datamap ${dataDir} is al in gebruik door een ander Werktafel-proces (pid ${pid} op ${host}). ` +
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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DirLock {
  release(): void;
}

export function lockDataDir(dataDir: string): DirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'werktafel.lock');
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const current = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
          if (current.pid === mine.pid && current.host === mine.host) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder: LockInfo | undefined;
    try {
      holder = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    } catch {
      holder = undefined; // unreadable or half-written: treat as stale after a short wait
    }
    if (holder && (holder.host !== os.hostname() || alive(holder.pid))) {
      throw new DataDirInUseError(dataDir, holder.pid, holder.host);
    }
    // Stale lock of a process that died: take it over atomically.
    const stale = `${file}.stale-${process.pid}`;
    try {
      fs.renameSync(file, stale);
      fs.unlinkSync(stale);
    } catch {
      // another process took it over first; the next attempt decides
    }
  }
  throw new Error(`Kon de datamap ${dataDir} niet vergrendelen.`);
}
