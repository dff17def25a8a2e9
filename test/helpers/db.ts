import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDb, type Db } from '../../src/storage/db.js';

/** A fresh data directory for PGlite, removed by `cleanup`. */
export function tempDataDir(prefix = 'werktafel-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestDb {
  db: Db;
  /** DATABASE_URL or data dir, to reopen the same store (restart tests). */
  databaseUrl?: string;
  dataDir: string;
  cleanup(): Promise<void>;
}

/** Back-ends the storage tests run against: PGlite always, the Postgres server when DATABASE_URL is set. */
export const backends: ('pglite' | 'postgres')[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/**
 * Opens a fresh store: a new PGlite directory, or a new database on the server named after the
 * run, dropped afterwards so runs never see each other's data.
 */
export async function freshDb(kind: 'pglite' | 'postgres'): Promise<TestDb> {
  const dataDir = tempDataDir();
  if (kind === 'pglite') {
    const db = await openDb({ dataDir });
    return {
      db,
      dataDir,
      async cleanup() {
        await db.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set');
  const name = `werktafel_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const db = await openDb({ databaseUrl, dataDir });
  return {
    db,
    databaseUrl,
    dataDir,
    async cleanup() {
      await db.close();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
