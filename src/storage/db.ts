// One data layer over two back-ends: a Postgres server (pg) or embedded PGlite.
// Callers only see `Db`; both run the same SQL.

export interface QueryResult<T> {
  rows: T[];
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Describes where the data lives, for logs (never a password). */
  readonly location: string;
  /** Extensions that could be loaded (e.g. 'vector' is optional on a server). */
  readonly extensions: ReadonlySet<string>;
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

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
