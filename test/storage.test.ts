import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/storage/db.js';
import { migrate } from '../src/storage/migrate.js';
import { backends, freshDb, freshStore } from './helpers/db.js';

const ROOT = path.resolve(import.meta.dirname, '..');

// Each test opens embedded databases (seconds each, more on a loaded CI machine); those that start a second process
// wait for a lock to go stale too (up to ~12 s each time, src/storage/lock.ts). Hence explicit, generous timeouts.

describe.each(backends)('storage on %s', (kind) => {
  const opened: { cleanup(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const o of opened) await o.cleanup();
  });

  it('applies every migration once and keeps data across a reopen', async () => {
    const store = await freshStore(kind);
    const db = await openDb({ databaseUrl: store.databaseUrl, dataDir: store.dataDir });
    await db.query(`INSERT INTO groups (id, platform, workspace, channel) VALUES ('cli:w:c', 'cli', 'w', 'c')`);
    expect(await migrate(db)).toEqual([]); // nothing left to apply
    await db.close();
    const again = await openDb({ databaseUrl: store.databaseUrl, dataDir: store.dataDir });
    const { rows } = await again.query<{ id: string }>('SELECT id FROM groups');
    expect(rows.map((r) => r.id)).toEqual(['cli:w:c']);
    await again.close();
    await store.drop();
  }, 120_000);

  it('rolls a failed transaction back completely', async () => {
    const t = await freshDb(kind);
    opened.push(t);
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query(`INSERT INTO groups (id, platform, workspace, channel) VALUES ('cli:w:x', 'cli', 'w', 'x')`);
        await tx.query('SELECT * FROM no_such_table');
      }),
    ).rejects.toThrow();
    const { rows } = await t.db.query('SELECT 1 FROM groups WHERE id = $1', ['cli:w:x']);
    expect(rows).toHaveLength(0);
  }, 120_000);

  it('has the extensions retrieval needs', async () => {
    const t = await freshDb(kind);
    opened.push(t);
    const { rows } = await t.db.query<{ sim: number }>(`SELECT similarity('doorstroom', 'doorstroming') AS sim`);
    expect(rows[0].sim).toBeGreaterThan(0.4);
    const { rows: fts } = await t.db.query<{ tsv: string }>(
      `SELECT to_tsvector('dutch', 'woonzorgvoorzieningen voor jongeren')::text AS tsv`,
    );
    expect(fts[0].tsv).toContain('jonger');
  }, 120_000);

  it('lets a request in between the statements of a long run (an acknowledgement never waits for all of them)', async () => {
    const t = await freshDb(kind);
    opened.push(t);
    const STATEMENTS = 60;
    let done = 0;
    // A request arriving while a large upload is written: a timer due at once.
    const servedAfter = new Promise<number>((resolve) => setTimeout(() => resolve(done), 0));
    for (let i = 0; i < STATEMENTS; i++) {
      await t.db.query('SELECT count(*) FROM generate_series(1, 20000)');
      done++;
    }
    expect(await servedAfter).toBeLessThan(STATEMENTS / 2);
  }, 120_000);
});

/** A second Werktafel process opening the data directory; resolves with its exit status and output. */
function openInChild(dataDir: string, opts: { hold?: boolean } = {}) {
  const code = `import('${path.join(ROOT, 'src/storage/db.ts')}').then(m => m.openDb({ dataDir: process.argv[1] })).then(() => { console.log('OPENED'); ${opts.hold ? 'setInterval(() => {}, 1000);' : 'process.exit(0);'} }, (e) => { console.error(e.message); process.exit(3); })`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code, dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const opened = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => stdout.includes('OPENED') && resolve());
    child.once('exit', () => reject(new Error(`child exited before opening: ${stderr}`)));
  });
  opened.catch(() => undefined);
  const exited = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (status) => resolve({ status, stdout, stderr })),
  );
  return { child, opened, exited };
}

describe('second process on one PGlite data directory', () => {
  it('gets a clear error and leaves the data intact', async () => {
    const store = await freshStore('pglite');
    const db = await openDb({ dataDir: store.dataDir });
    await db.query(`INSERT INTO groups (id, platform, workspace, channel) VALUES ('cli:w:keep', 'cli', 'w', 'keep')`);
    const child = await openInChild(store.dataDir).exited;
    expect(child.status).toBe(3);
    expect(child.stdout).not.toContain('OPENED');
    expect(child.stderr).toMatch(new RegExp(`al in gebruik door een ander Werktafel-proces \\(pid ${process.pid} op `));
    const { rows } = await db.query('SELECT 1 FROM groups WHERE id = $1', ['cli:w:keep']);
    expect(rows).toHaveLength(1);
    await db.close();
    // Once the first process has closed, the directory opens again with its data.
    const reopened = await openDb({ dataDir: store.dataDir });
    expect((await reopened.query('SELECT 1 FROM groups WHERE id = $1', ['cli:w:keep'])).rows).toHaveLength(1);
    await reopened.close();
    await store.drop();
  }, 180_000);

  it('takes over the lock of a process that died, with the data, and then holds it', async () => {
    const store = await freshStore('pglite');
    const first = await openDb({ dataDir: store.dataDir });
    await first.query(`INSERT INTO groups (id, platform, workspace, channel) VALUES ('cli:w:kept', 'cli', 'w', 'kept')`);
    await first.close();
    // a crash leaves the lock file of a pid that no longer runs
    fs.writeFileSync(
      path.join(store.dataDir, 'werktafel.lock'),
      JSON.stringify({ pid: 999999, host: os.hostname(), startedAt: '2020-01-01' }),
    );
    const db = await openDb({ dataDir: store.dataDir });
    expect((await db.query('SELECT 1 FROM groups WHERE id = $1', ['cli:w:kept'])).rows).toHaveLength(1);
    const child = await openInChild(store.dataDir).exited;
    expect(child.status).toBe(3);
    expect(child.stderr).toMatch(new RegExp(`al in gebruik door een ander Werktafel-proces \\(pid ${process.pid}`));
    await db.close();
    await store.drop();
  }, 180_000);

  it('a live holder in another process is refused; once it is killed, the directory opens', async () => {
    const store = await freshStore('pglite');
    const holder = openInChild(store.dataDir, { hold: true });
    await holder.opened;
    await expect(openDb({ dataDir: store.dataDir })).rejects.toThrow(/al in gebruik door een ander Werktafel-proces \(pid \d+/);
    holder.child.kill('SIGKILL');
    await holder.exited;
    const db = await openDb({ dataDir: store.dataDir });
    await db.close();
    await store.drop();
  }, 180_000);

  it('a lock file naming this very process (a restarted container: same pid, same host) does not block', async () => {
    const store = await freshStore('pglite');
    fs.writeFileSync(
      path.join(store.dataDir, 'werktafel.lock'),
      JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: '2020-01-01' }),
    );
    const db = await openDb({ dataDir: store.dataDir });
    await db.close();
    fs.writeFileSync(path.join(store.dataDir, 'werktafel.lock'), JSON.stringify({ pid: 1, host: os.hostname(), startedAt: '2020-01-01' }));
    const again = await openDb({ dataDir: store.dataDir });
    await again.close();
    await store.drop();
  }, 120_000);
});
