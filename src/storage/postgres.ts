import pg from 'pg';
import type { Db, Queryable, QueryResult } from './types.js';
import { log } from '../log.js';

// Large numbers (bigint, numeric) come back as strings by default; counts are small here.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}

export async function openPostgres(databaseUrl: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(process.env.PG_POOL_SIZE) || 10 });
  // An idle client error must not crash the bot; the pool replaces the client.
  pool.on('error', (err) => log.error({ err: err.message }, 'postgres pool error'));
  const client = await pool.connect();
  const extensions = new Set<string>();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    extensions.add('pg_trgm');
  } catch (err) {
    client.release();
    await pool.end();
    throw new Error(`De Postgres-server mist de extensie pg_trgm (postgresql-contrib): ${(err as Error).message}`);
  }
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS vector');
    extensions.add('vector');
  } catch {
    // pgvector is optional on a server: embeddings then rank in the process.
  }
  client.release();

  const wrap = (q: { query: pg.Pool['query'] }): Queryable => ({
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const r = await q.query(sql, params as unknown[]);
      return { rows: r.rows as T[] };
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });
  const base = wrap(pool);
  return {
    kind: 'postgres',
    location: redact(databaseUrl),
    extensions,
    query: base.query,
    exec: base.exec,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const result = await fn(wrap(c));
        await c.query('COMMIT');
        return result;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
