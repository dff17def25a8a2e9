import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDb, type Db } from '../../src/storage/db.js';

/** Back-ends the storage tests run against: PGlite always, the Postgres server when DATABASE_URL is set. */
export const backends: ('pglite' | 'postgres')[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export function tempDataDir(prefix = 'werktafel-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface Store {
  kind: 'pglite' | 'postgres';
  /** Set for the server: a database of its own, named after the run. */
  databaseUrl?: string;
  dataDir: string;
  /** Removes the data directory / drops the database. Close every opener first. */
  drop(): Promise<void>;
}

/**
 * A fresh store that nothing has opened yet: empty, or with `ingested` a copy of the run's template store
 * (the project's documents ingested once by test/setup/template-store.ts), so the app need not ingest again.
 */
export async function freshStore(kind: 'pglite' | 'postgres', opts: { ingested?: boolean } = {}): Promise<Store> {
  const dataDir = tempDataDir();
  if (kind === 'pglite') {
    if (opts.ingested) fs.cpSync(inject('templateDataDir'), dataDir, { recursive: true });
    return { kind, dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set');
  const name = `werktafel_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const template = opts.ingested ? inject('templateDatabase') : '';
  await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    kind,
    databaseUrl: url.toString(),
    dataDir,
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestDb {
  db: Db;
  store: Store;
  cleanup(): Promise<void>;
}

/** A fresh, migrated store, opened. */
export async function freshDb(kind: 'pglite' | 'postgres'): Promise<TestDb> {
  const store = await freshStore(kind);
  const db = await openDb({ databaseUrl: store.databaseUrl, dataDir: store.dataDir });
  return {
    db,
    store,
    async cleanup() {
      await db.close();
      await store.drop();
    },
  };
}
