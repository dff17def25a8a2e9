// One data layer over two back-ends: a Postgres server (pg) or embedded PGlite.
// Callers only see `Db`; both run the same SQL.

// The interfaces live in types.ts so that the back-ends (loaded on demand below) need not import this module.
export type { Db, Queryable, QueryResult } from './types.js';
import type { Db } from './types.js';

export interface DbConfig {
  databaseUrl?: string;
  dataDir: string;
}

export async function openDb(config: DbConfig): Promise<Db> {
  const { migrate } = await import('./migrate.js');
  let db: Db;
  if (config.databaseUrl) {
    const { openPostgres } = await import('./postgres.js');
    db = await openPostgres(config.databaseUrl);
  } else {
    const { openPglite } = await import('./pglite.js');
    db = await openPglite(config.dataDir);
  }
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
