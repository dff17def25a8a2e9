import { afterAll, beforeAll, expect, it } from 'vitest';
import { JobQueue } from '../src/core/jobs.js';
import { openDb } from '../src/storage/db.js';
import { freshStore, type Store } from './helpers/db.js';
import { runWerktafel } from './helpers/werktafel-cli.js';

// `werktafel jobs`: an administrator's list of the work given up on (dead letters), on a store where a
// message kept its process from finishing: where and when, how often, the last error, never the text.

let store: Store;

beforeAll(async () => {
  store = await freshStore('pglite');
  const db = await openDb({ dataDir: store.dataDir });
  try {
    await db.query(
      `INSERT INTO jobs (platform, key, payload, attempts, group_id) VALUES ('teams', 'ev-poison', '{"text":"Geheime tekst van een lid"}', 3, 'teams:tenant:a:chat-1')`,
    );
    await db.query(
      `INSERT INTO jobs (platform, key, payload, group_id) VALUES ('teams', 'ev-fine', '{"text":"gewoon"}', 'teams:tenant:a:chat-1')`,
    );
    const queue = new JobQueue(db, { pollMs: 50, quietMs: 0 });
    const told: string[] = [];
    queue.handle(
      'teams',
      async () => undefined,
      async (job) => void told.push(job.key),
    );
    await queue.idle();
    await queue.stop();
    expect(told).toEqual(['ev-poison']);
  } finally {
    await db.close();
  }
}, 120_000);
afterAll(async () => {
  await store?.drop();
});

it('lists the dead job with its group, time, attempts and error, and not what the member wrote', async () => {
  const r = await runWerktafel(['jobs'], { dataDir: store.dataDir });
  expect(r.status, r.stderr).toBe(0);
  const lines = r.stdout.trim().split('\n');
  expect(lines[0]).toBe('id\tplatform\twerkgroep\tontvangen\tpogingen\tlaatste fout');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(/^\d+\tteams\tteams:tenant:a:chat-1\t\d{4}-\d{2}-\d{2} \d{2}:\d{2}\t3\ttaken 3 times without finishing$/);
  expect(r.stdout).not.toContain('Geheim');
}, 120_000);
