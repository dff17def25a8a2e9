// What every storage back-end offers; callers import these through db.ts.

export interface QueryResult<T> {
  rows: T[];
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Bulk load: `COPY table (columns) FROM '/dev/blob'` with `data` in COPY's text format (storage/copy.ts). Only
   * where it is cheaper than parameters (PGlite: no array parameters to serialise and parse); absent elsewhere.
   */
  copyFrom?(sql: string, data: string): Promise<void>;
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
