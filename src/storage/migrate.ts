import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import type { Db } from './types.js';

const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'src', 'storage', 'migrations');

/** Applies every `NNN_name.sql` in order, once, on both back-ends. */
export async function migrate(db: Db): Promise<string[]> {
  const files = fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  // The usual start: everything applied already, no transaction or lock needed.
  const known = await db
    .query<{ version: string }>('SELECT version FROM schema_migrations')
    .then((r) => new Set(r.rows.map((x) => x.version)))
    .catch(() => new Set<string>());
  if (files.every((f) => known.has(f.replace(/\.sql$/, '')))) return applied;
  await db.transaction(async (tx) => {
    // Several instances may start at once against one server: the first migrates, the others wait.
    if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(724011)');
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const file of files) {
      const version = file.replace(/\.sql$/, '');
      if (done.has(version)) continue;
      await tx.exec(fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8'));
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      applied.push(version);
    }
  });
  return applied;
}
