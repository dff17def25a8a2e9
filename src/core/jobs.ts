import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep, setImmediate as nextTurn } from 'node:timers/promises';
import { log } from '../log.js';
import type { Db } from '../storage/db.js';
import type { Reply } from './types.js';

// The core's one in-flight mechanism: at-least-once work in the `jobs` table.
// An adapter records a platform delivery here before it acknowledges it; any instance takes it with a
// lease (FOR UPDATE SKIP LOCKED), renews the lease while it works, and a job whose holder died is taken
// again when the lease runs out. A small module rather than pg-boss: that needs a server and does not run
// on embedded PGlite, and the same SQL must serve both back-ends.

export interface Job {
  id: number;
  platform: string;
  key: string;
  payload: unknown;
  attempts: number;
  /** Replies computed by an earlier attempt (null: not yet computed). */
  replies: Reply[] | null;
  /** How many of `replies` are posted already. */
  posted: number;
  createdAt: Date;
}

export type JobHandler = (job: Job) => Promise<void>;

export interface JobQueueOptions {
  /** Jobs worked on at once by this instance. */
  concurrency?: number;
  /** How long a taken job is reserved for its holder; renewed while it works. */
  leaseMs?: number;
  /** Work older than this is dropped (the question is stale by then). */
  maxAgeMs?: number;
  /** How often unowned work (e.g. left by a dead instance) is looked for. */
  pollMs?: number;
  /** After this many failed attempts a job is dropped. */
  maxAttempts?: number;
  /** Start work only after this long without a new platform request… */
  quietMs?: number;
  /** …but never hold a job back longer than this. */
  maxDeferMs?: number;
}

interface JobRow {
  id: string;
  platform: string;
  key: string;
  payload: unknown;
  attempts: number;
  replies: Reply[] | null;
  posted: number;
  created_at: string | Date;
}

const toJob = (r: JobRow): Job => ({
  id: Number(r.id),
  platform: r.platform,
  key: r.key,
  payload: r.payload,
  attempts: r.attempts,
  replies: r.replies,
  posted: r.posted,
  createdAt: new Date(r.created_at),
});

/** jsonb takes no NUL character; NULs are stripped where text enters the core anyway. */
const toJson = (v: unknown) => JSON.stringify(v).replace(/(?<!\\)\\u0000/g, '');

const current = new AsyncLocalStorage<{ job: Job; queue: JobQueue }>();

/** The job the calling code runs in (the delivery checkpoints its replies there), if any. */
export function currentJob(): { job: Job; saveReplies(replies: Reply[]): Promise<void>; markPosted(n: number): Promise<void> } | undefined {
  const c = current.getStore();
  if (!c) return undefined;
  return {
    job: c.job,
    saveReplies: (replies) => c.queue.saveReplies(c.job, replies),
    markPosted: (n) => c.queue.markPosted(c.job, n),
  };
}

/**
 * Runs `work` that waits on something other than this thread (a parse worker) with the job's slot given to
 * other jobs meanwhile: one group's long upload does not hold back another group's answer.
 */
export function awaySlot<T>(work: () => Promise<T>): Promise<T> {
  const c = current.getStore();
  return c ? c.queue.away(work) : work();
}

export class JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly running = new Set<Promise<void>>();
  /** Running jobs that wait elsewhere (awaySlot) and leave their slot to others. */
  private waitingElsewhere = 0;
  private readonly opts: Required<JobQueueOptions>;
  private timer: NodeJS.Timeout | undefined;
  private pumping = false;
  private deferred: NodeJS.Timeout | undefined;
  private again = false;
  private stopped = false;
  private lastArrival = 0;

  constructor(
    private readonly db: Db,
    opts: JobQueueOptions = {},
  ) {
    this.opts = {
      concurrency: opts.concurrency ?? 4,
      leaseMs: opts.leaseMs ?? 30_000,
      maxAgeMs: opts.maxAgeMs ?? 60 * 60_000,
      pollMs: opts.pollMs ?? 5_000,
      maxAttempts: opts.maxAttempts ?? 5,
      quietMs: opts.quietMs ?? 10,
      maxDeferMs: opts.maxDeferMs ?? 1_000,
    };
  }

  /** The adapter of `platform` does its jobs with `handler`; starts the worker loop on first use. */
  handle(platform: string, handler: JobHandler): void {
    this.handlers.set(platform, handler);
    if (!this.timer && !this.stopped) {
      this.timer = setInterval(() => this.sweep(), this.opts.pollMs);
      this.timer.unref();
    }
    this.sweep();
  }

  /** Drops stale work, then looks for work: at start and on the poll timer. */
  private sweep(): void {
    this.dropStale()
      .catch((err: Error) => log.error({ err: err.message }, 'job queue: could not drop stale work'))
      .finally(() => this.kick());
  }

  /** A platform request arrived (before its acknowledgement): answer work gives way for a moment. */
  arrived(): void {
    this.lastArrival = performance.now();
  }

  /**
   * Records work before the platform is acknowledged. False when the same delivery was recorded
   * before (a platform retry, or another instance got it first): it is done or will be.
   */
  async enqueue(platform: string, key: string, payload: unknown): Promise<boolean> {
    const { rows } = await this.db.query(
      'INSERT INTO jobs (platform, key, payload) VALUES ($1, $2, $3) ON CONFLICT (platform, key) DO NOTHING RETURNING id',
      [platform, key, toJson(payload)],
    );
    if (rows.length) this.kick();
    return rows.length > 0;
  }

  /** Looks for work (after an enqueue, when a slot frees up, on the poll timer); during a burst of requests, after it. */
  kick(): void {
    if (this.stopped) return;
    const sinceArrival = performance.now() - this.lastArrival;
    if (sinceArrival < this.opts.quietMs) {
      this.deferred ??= setTimeout(() => {
        this.deferred = undefined;
        this.kick();
      }, this.opts.quietMs - sinceArrival + 1);
      return;
    }
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    this.pump()
      .catch((err: Error) => log.error({ err: err.message }, 'job queue: could not take work'))
      .finally(() => {
        this.pumping = false;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** See awaySlot. Jobs in flight stay bounded (memory), waiting ones included. */
  async away<T>(work: () => Promise<T>): Promise<T> {
    this.waitingElsewhere++;
    this.kick();
    try {
      return await work();
    } finally {
      this.waitingElsewhere--;
    }
  }

  private async pump(): Promise<void> {
    const free = () => this.running.size - this.waitingElsewhere < this.opts.concurrency && this.running.size < this.opts.concurrency * 4;
    while (!this.stopped && free()) {
      const job = await this.take();
      if (!job) return;
      const p: Promise<void> = this.work(job).finally(() => {
        this.running.delete(p);
        this.kick();
      });
      this.running.add(p);
    }
  }

  private async dropStale(): Promise<void> {
    const { rows } = await this.db.query<{ id: string; platform: string; attempts: number }>(
      `UPDATE jobs SET status = 'dropped', payload = NULL, replies = NULL, finished_at = now()
       WHERE status = 'pending' AND created_at < now() - $1 * interval '1 millisecond'
       RETURNING id, platform, attempts`,
      [this.opts.maxAgeMs],
    );
    for (const r of rows) log.warn({ platform: r.platform, job: Number(r.id), attempts: r.attempts }, 'job dropped: older than the maximum age');
    // A finished job only keeps its key, against a late redelivery; platforms stop retrying within hours.
    await this.db.query(`DELETE FROM jobs WHERE status <> 'pending' AND finished_at < now() - interval '7 days'`);
  }

  private async take(): Promise<Job | null> {
    const platforms = [...this.handlers.keys()];
    if (!platforms.length) return null;
    const { rows } = await this.db.query<JobRow>(
      `UPDATE jobs SET locked_until = now() + $2 * interval '1 millisecond', attempts = attempts + 1
       WHERE id = (SELECT id FROM jobs WHERE status = 'pending' AND platform = ANY($1)
                     AND (locked_until IS NULL OR locked_until < now())
                   ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id, platform, key, payload, attempts, replies, posted, created_at`,
      [platforms, this.opts.leaseMs],
    );
    return rows[0] ? toJob(rows[0]) : null;
  }

  private async work(job: Job): Promise<void> {
    const jlog = log.child({ platform: job.platform, job: job.id, attempt: job.attempts });
    if (job.attempts > 1) jlog.info('job taken again after an interrupted attempt');
    const renew = setInterval(() => {
      this.db
        .query(`UPDATE jobs SET locked_until = now() + $2 * interval '1 millisecond' WHERE id = $1 AND status = 'pending'`, [job.id, this.opts.leaseMs])
        .catch(() => undefined);
    }, Math.max(50, this.opts.leaseMs / 3));
    try {
      await this.quiet();
      await current.run({ job, queue: this }, () => this.handlers.get(job.platform)!(job));
      await this.db.query(
        `UPDATE jobs SET status = 'done', payload = NULL, replies = NULL, locked_until = NULL, finished_at = now() WHERE id = $1`,
        [job.id],
      );
    } catch (err) {
      const last = job.attempts >= this.opts.maxAttempts;
      jlog.error({ err: (err as Error).message }, last ? 'job failed for the last time: dropped' : 'job failed: retried later');
      await this.db
        .query(
          last
            ? `UPDATE jobs SET status = 'dropped', payload = NULL, replies = NULL, finished_at = now() WHERE id = $1`
            : `UPDATE jobs SET locked_until = now() + $2 * interval '1 millisecond' WHERE id = $1`,
          last ? [job.id] : [job.id, 1000 * 2 ** job.attempts],
        )
        .catch(() => undefined);
    } finally {
      clearInterval(renew);
    }
  }

  /** Embedded PGlite and retrieval run on the main thread: while requests keep arriving, they get their ack first. */
  private async quiet(): Promise<void> {
    await nextTurn();
    const deadline = performance.now() + this.opts.maxDeferMs;
    while (performance.now() - this.lastArrival < this.opts.quietMs && performance.now() < deadline) await sleep(this.opts.quietMs);
  }

  async saveReplies(job: Job, replies: Reply[]): Promise<void> {
    job.replies = replies;
    await this.db.query('UPDATE jobs SET replies = $2 WHERE id = $1', [job.id, toJson(replies)]);
  }

  async markPosted(job: Job, n: number): Promise<void> {
    job.posted = n;
    await this.db.query('UPDATE jobs SET posted = $2 WHERE id = $1', [job.id, n]);
  }

  /** Resolves when this instance runs nothing and no job it could take is waiting (tests, graceful stop). */
  async idle(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.running.size > 0 || this.pumping) {
        // A timer, not only the running work: an empty race would resolve at once and starve I/O.
        await Promise.race([...this.running, sleep(20)].map((p) => p.catch(() => undefined)));
        await sleep(1);
        continue;
      }
      if (this.stopped || !(await this.waiting())) return;
      this.kick();
      await sleep(20);
    }
  }

  private async waiting(): Promise<boolean> {
    const { rows } = await this.db.query(
      `SELECT 1 FROM jobs WHERE status = 'pending' AND platform = ANY($1) AND (locked_until IS NULL OR locked_until < now()) LIMIT 1`,
      [[...this.handlers.keys()]],
    );
    return rows.length > 0;
  }

  /** Stops taking work and waits for what runs; unfinished jobs are taken again after their lease. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.deferred);
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.running]), sleep(Math.max(0, deadline - Date.now()))]);
    }
  }
}
