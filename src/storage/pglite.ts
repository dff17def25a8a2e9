import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { vector } from '@electric-sql/pglite-pgvector';
import type { Db, Queryable, QueryResult } from './types.js';
import { lockDataDir } from './lock.js';

// A data directory must be reopened with the extensions it was created with: always load both.
const EXTENSIONS = { pg_trgm, vector };
/**
 * The page cache lives in the process's own memory: Postgres' default 128 MB fills while a large upload is
 * stored and stays next to the parse workers; the data files are on disk, and the OS caches them anyway.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

/**
 * PGlite runs each statement on the main thread and resolves it as a microtask, so a run of statements (a large
 * upload's many writes) would never let the event loop in: acknowledgements would wait for all of them. Each
 * statement outside a transaction, and each transaction, waits for one turn of the event loop first.
 */
const eventLoopTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function openPglite(dataDir: string): Promise<Db> {
  const dir = path.resolve(dataDir);
  const lock = await lockDataDir(dir);
  let pg: PGlite;
  try {
    pg = await PGlite.create(path.join(dir, 'pgdata'), { extensions: EXTENSIONS, startParams: START_PARAMS });
    await pg.exec('CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS vector;');
  } catch (err) {
    await lock.release();
    throw err;
  }
  const wrap = (q: { query: PGlite['query']; exec: PGlite['exec'] }): Queryable => ({
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const r = await q.query<T>(sql, params as unknown[]);
      return { rows: r.rows };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
    async copyFrom(sql: string, data: string) {
      await q.query(sql, [], { blob: new Blob([data]) });
    },
  });
  const base = wrap(pg);
  let closed = false;
  return {
    kind: 'pglite',
    location: dir,
    extensions: new Set(['pg_trgm', 'vector']),
    async query<T>(sql: string, params?: unknown[]) {
      await eventLoopTurn();
      return base.query<T>(sql, params);
    },
    async exec(sql: string) {
      await eventLoopTurn();
      return base.exec(sql);
    },
    async copyFrom(sql: string, data: string) {
      await eventLoopTurn();
      return base.copyFrom!(sql, data);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      await eventLoopTurn();
      return pg.transaction((tx) => fn(wrap(tx as unknown as PGlite)));
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await pg.close();
      } finally {
        await lock.release();
      }
    },
  };
}
