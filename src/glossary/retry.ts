import type { Db, Queryable } from '../storage/db.js';

// Postgres codes worth retrying: unique violation (two writers took the same number),
// serialization failure and deadlock. PGlite runs one transaction at a time and never hits them.
const RETRYABLE = new Set(['23505', '40001', '40P01']);

/** Runs `fn` in a transaction, again (a few times) when a concurrent writer won a race. */
export async function transactionWithRetry<T>(db: Db, fn: (tx: Queryable) => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await db.transaction(fn);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (i >= attempts || !code || !RETRYABLE.has(code)) throw err;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * i));
    }
  }
}
