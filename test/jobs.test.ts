import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../src/core/bot.js';
import { Delivery } from '../src/core/delivery.js';
import type { Services } from '../src/core/feature.js';
import { membership } from '../src/groups/membership.js';
import { JobQueue } from '../src/core/jobs.js';
import type { Port, Posted, Target } from '../src/core/port.js';
import type { Reply } from '../src/core/types.js';
import { loadConfig } from '../src/config.js';
import { backends, freshDb, type TestDb } from './helpers/db.js';

// The core's job queue on both back-ends: a delivery recorded once, taken by one instance at a time,
// taken again when its holder's lease ran out, retried after a failure (idle only after the retry), dropped when
// over an hour old; a retried job posts only the replies not posted yet.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

describe.each(backends)('job queue on %s', (kind) => {
  let t: TestDb;
  const queues: JobQueue[] = [];
  const queue = (opts = {}) => {
    const q = new JobQueue(t.db, { pollMs: 50, quietMs: 0, ...opts });
    queues.push(q);
    return q;
  };
  const status = async (key: string) =>
    (
      await t.db.query<{ status: string; attempts: number; payload: unknown }>(
        'SELECT status, attempts, payload FROM jobs WHERE key = $1',
        [key],
      )
    ).rows[0];

  beforeAll(async () => {
    t = await freshDb(kind);
  });
  afterAll(async () => {
    for (const q of queues) await q.stop();
    await t.cleanup();
  });

  it('records a delivery once; a redelivery is not done again, and the payload is gone when done', async () => {
    const q = queue();
    const seen: string[] = [];
    expect(await q.enqueue('a', 'ev1', { text: 'vraag' })).toBe(true);
    expect(await q.enqueue('a', 'ev1', { text: 'vraag' })).toBe(false);
    q.handle('a', async (job) => void seen.push((job.payload as { text: string }).text));
    await q.idle();
    expect(await q.enqueue('a', 'ev1', { text: 'vraag' })).toBe(false);
    await q.idle();
    expect(seen).toEqual(['vraag']);
    expect(await status('ev1')).toMatchObject({ status: 'done', attempts: 1, payload: null });
  });

  it('two instances share the work: every job is done exactly once', async () => {
    const done: string[] = [];
    const [a, b] = [queue({ concurrency: 2 }), queue({ concurrency: 2 })];
    for (const q of [a, b])
      q.handle('b', async (job) => {
        await sleep(5);
        done.push(job.key);
      });
    for (let i = 0; i < 20; i++) await (i % 2 ? a : b).enqueue('b', `k${i}`, {});
    await until(() => done.length >= 20);
    await Promise.all([a.idle(), b.idle()]);
    expect(done.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `k${i}`).sort());
  });

  it('takes a job again when its holder stopped renewing the lease, not before', async () => {
    await t.db.query(
      `INSERT INTO jobs (platform, key, payload, attempts, locked_until) VALUES ('c', 'held', '{}', 1, now() + interval '2 seconds')`,
    );
    const seen: number[] = [];
    const q = queue();
    q.handle('c', async (job) => void seen.push(job.attempts));
    await sleep(500);
    expect(seen).toEqual([]);
    await until(() => seen.length > 0);
    expect(seen).toEqual([2]);
  });

  it('does not take a job again while it still works on it, also when its lease ran out meanwhile', async () => {
    // On embedded PGlite one long transaction (a large upload stored) holds back the renewal past the lease.
    const calls: number[] = [];
    const q = queue({ leaseMs: 60_000 });
    q.handle('f', async (job) => {
      calls.push(job.attempts);
      await t.db.query(`UPDATE jobs SET locked_until = now() - interval '1 second' WHERE key = 'long'`);
      await sleep(600);
    });
    await q.enqueue('f', 'long', {});
    await until(async () => (await status('long'))?.status === 'done');
    expect(calls).toEqual([1]);
  });

  it('is not idle while a job it failed waits for its retry, and says so when work outlasts the wait', async () => {
    // A member's message whose first attempt failed (a database hiccup) is answered on the retry: `idle` (tests,
    // graceful stop) waits for it rather than reporting the instance done.
    let calls = 0;
    const q = queue();
    q.handle('g', async (job) => {
      if (job.key === 'slow') await sleep(800);
      else if (++calls === 1) throw new Error('connection reset');
    });
    await q.enqueue('g', 'hiccup', {});
    expect(await q.idle(15_000)).toBe(true);
    expect(calls).toBe(2);
    expect(await status('hiccup')).toMatchObject({ status: 'done', attempts: 2 });
    await q.enqueue('g', 'slow', {});
    expect(await q.idle(100)).toBe(false);
    expect(await q.idle(15_000)).toBe(true);
  }, 20_000);

  it('retries a failed job and drops work older than the maximum age', async () => {
    await t.db.query(`INSERT INTO jobs (platform, key, payload, created_at) VALUES ('d', 'old', '{}', now() - interval '2 hours')`);
    let calls = 0;
    const q = queue();
    q.handle('d', async (job) => {
      if (job.key === 'old') throw new Error('must not run');
      if (++calls === 1) throw new Error('Slack is down');
    });
    await q.enqueue('d', 'flaky', {});
    await until(async () => (await status('flaky'))?.status === 'done', 15_000);
    expect(calls).toBe(2);
    expect(await status('old')).toMatchObject({ status: 'dropped', payload: null });
  }, 20_000);

  it('a retried job posts only the replies that were not posted, without computing them again', async () => {
    await t.db.query(`INSERT INTO groups (id, platform, workspace, channel) VALUES ('cli:w:c', 'cli', 'w', 'c') ON CONFLICT DO NOTHING`);
    const replies: Reply[] = ['een', 'twee', 'drie'].map((text) => ({ text, language: 'nl' }));
    await t.db.query(`INSERT INTO jobs (platform, key, payload, attempts, replies, posted) VALUES ('cli', 'half', '{}', 1, $1, 1)`, [
      JSON.stringify(replies),
    ]);
    const posted: string[] = [];
    const port: Port = {
      platform: 'cli',
      async post(reply: Reply): Promise<Posted> {
        posted.push(reply.text);
        return { ref: { id: reply.text }, messageId: reply.text };
      },
      async update() {
        return true;
      },
    };
    const services = { db: t.db, config: loadConfig({}), features: [] } as unknown as Services;
    const bot = new Bot({ services, features: [], membership: membership(t.db) });
    const delivery = new Delivery(bot, port);
    const to: Target = { groupId: 'cli:w:c', channel: 'c', userId: 'u', language: 'nl' };
    const q = queue();
    let computed = 0;
    q.handle('cli', () => delivery.answer(to, async () => (computed++, replies)));
    await until(async () => (await status('half'))?.status === 'done');
    expect(posted).toEqual(['twee', 'drie']);
    expect(computed).toBe(0);
  });

  it('finishes the message an interrupted attempt left half-written, instead of streaming a second one', async () => {
    await t.db.query(`INSERT INTO groups (id, platform, workspace, channel) VALUES ('cli:w:s', 'cli', 'w', 's') ON CONFLICT DO NOTHING`);
    // As a SIGKILL mid-stream leaves it: taken once, the streamed message's reference kept, nothing posted.
    await t.db.query(
      `INSERT INTO jobs (platform, key, payload, attempts, stream_ref, group_id) VALUES ('cli-s', 'streamed', '{}', 1, '{"id":"half"}', 'cli:w:s')`,
    );
    const calls: string[] = [];
    const port: Port = {
      platform: 'cli',
      async post(reply: Reply): Promise<Posted> {
        calls.push(`post ${reply.text}`);
        return { ref: { id: 'new' }, messageId: 'new' };
      },
      async update(ref: object, reply: Reply) {
        calls.push(`update ${(ref as { id: string }).id} ${reply.text}`);
        return true;
      },
      async stream(reply) {
        calls.push('stream');
        for await (const _ of reply.stream.deltas);
        return { ref: { id: 'streamed-again' }, messageId: 'streamed-again' };
      },
    };
    const services = { db: t.db, config: loadConfig({}), features: [] } as unknown as Services;
    const delivery = new Delivery(new Bot({ services, features: [], membership: membership(t.db) }), port);
    const to: Target = { groupId: 'cli:w:s', channel: 's', userId: 'u', language: 'nl' };
    const streamed = (): Reply[] => {
      const final: Reply = { text: 'Het hele antwoord.', language: 'nl' };
      return [
        {
          text: '',
          language: 'nl',
          stream: {
            deltas: (async function* () {
              yield 'Het hele';
            })(),
            final: Promise.resolve(final),
          },
        },
      ];
    };
    const q = queue();
    q.handle('cli-s', () => delivery.answer(to, async () => streamed()));
    await until(async () => (await status('streamed'))?.status === 'done');
    expect(calls).toEqual(['update half Het hele antwoord.']);
  });

  it('gives up a job taken too often without finishing (its process died each time) and tells the member once', async () => {
    // Taken three times, each holder gone before it finished: the lease ran out.
    await t.db.query(
      `INSERT INTO jobs (platform, key, payload, attempts, locked_until) VALUES ('e', 'poison', '{"text":"bom"}', 3, now() - interval '1 second')`,
    );
    await t.db.query(`INSERT INTO jobs (platform, key, payload, attempts) VALUES ('e', 'fine', '{"text":"vraag"}', 2)`);
    const ran: string[] = [];
    const told: string[] = [];
    const q = queue();
    q.handle(
      'e',
      async (job) => void ran.push(job.key),
      async (job) => void told.push(`${job.key} ${JSON.stringify(job.payload)}`),
    );
    await q.idle();
    expect(ran).toEqual(['fine']);
    expect(told).toEqual(['poison {"text":"bom"}']);
    const row = (
      await t.db.query<{ status: string; payload: unknown; attempts: number }>(
        `SELECT status, payload, attempts FROM jobs WHERE key = 'poison'`,
      )
    ).rows[0];
    expect(row).toEqual({ status: 'dead', payload: null, attempts: 3 });
    // Another instance later: nothing to take, nobody told twice.
    const other = queue();
    other.handle(
      'e',
      async (job) => void ran.push(job.key),
      async (job) => void told.push(job.key),
    );
    await other.idle();
    expect(ran).toEqual(['fine']);
    expect(told).toHaveLength(1);
  });
});
