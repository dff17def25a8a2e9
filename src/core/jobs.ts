import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep, setImmediate as nextTurn } from 'node:timers/promises';
import { log } from '../log.js';
import type { Db, Queryable } from '../storage/db.js';
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
  /** The working group the work is for, when the adapter knows it (erased with the group). */
  groupId: string | null;
  /** The platform's reference to an answer being streamed when an earlier attempt stopped. */
  streamRef: object | null;
}

export type JobHandler = (job: Job) => Promise<void>;
/** Tells the member that their message could not be handled (the job is dead); gets the payload. */
export type DeadHandler = (job: Job) => Promise<void>;

export interface JobQueueOptions {
  /** Jobs worked on at once by this instance. */
  concurrency?: number;
  /** How long a taken job is reserved for its holder; renewed while it works. */
  leaseMs?: number;
  /** Work older than this is dropped (the question is stale by then). */
  maxAgeMs?: number;
  /** How often unowned work (e.g. left by a dead instance) is looked for. */
  pollMs?: number;
  /** A job taken this many times without finishing (failed, or its process died) is dead: never taken again. */
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
  group_id: string | null;
  stream_ref: object | null;
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
  groupId: r.group_id,
  streamRef: r.stream_ref,
});

const COLUMNS = 'id, platform, key, payload, attempts, replies, posted, created_at, group_id, stream_ref';

/** Group id platform:workspace:channel → the place an erasure leaves its tombstone for (workspaces hold no ':'). */
function placeOf(groupId: string): { platform: string; channel: string } {
  const [platform, , ...channel] = groupId.split(':');
  return { platform, channel: channel.join(':') };
}

/** jsonb takes no NUL character; NULs are stripped where text enters the core anyway. */
const toJson = (v: unknown) => JSON.stringify(v).replace(/(?<!\\)\\u0000/g, '');

/** The job's group was erased after the job was recorded: the work is dropped without a reply. */
export class ErasedSinceQueued extends Error {
  constructor() {
    super('work for a group erased after it was queued');
  }
}

const current = new AsyncLocalStorage<{ job: Job; queue: JobQueue }>();

/** The job the calling code runs in (the delivery checkpoints its replies there), if any. */
export function currentJob():
  | {
      job: Job;
      saveReplies(replies: Reply[]): Promise<void>;
      markPosted(n: number): Promise<void>;
      saveStreamRef(ref: object | null): Promise<void>;
    }
  | undefined {
  const c = current.getStore();
  if (!c) return undefined;
  return {
    job: c.job,
    saveReplies: (replies) => c.queue.saveReplies(c.job, replies),
    markPosted: (n) => c.queue.markPosted(c.job, n),
    saveStreamRef: (ref) => c.queue.saveStreamRef(c.job, ref),
  };
}

/**
 * Runs a command's effect at most once per job, inside the effect's own transaction `tx`: the job and
 * the effect's result are recorded there too, so a job redelivered after a crash between that commit
 * and the job's checkpoint gets the recorded result (and only posts the reply) instead of doing it again.
 * Outside a job (the terminal) it just runs. The result must survive JSON (dates come back as strings).
 */
export async function onceInJob<T>(tx: Queryable, groupId: string, effect: string, run: () => Promise<T>): Promise<T> {
  const job = current.getStore()?.job;
  if (!job) return run();
  const { rows } = await tx.query<{ result: T }>('SELECT result FROM job_effects WHERE job_id = $1 AND effect = $2', [job.id, effect]);
  if (rows[0]) return rows[0].result;
  const result = await run();
  await tx.query('INSERT INTO job_effects (job_id, effect, group_id, result) VALUES ($1, $2, $3, $4)', [
    job.id,
    effect,
    groupId,
    toJson(result ?? null),
  ]);
  return result;
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
  private readonly deadHandlers = new Map<string, DeadHandler>();
  private readonly running = new Set<Promise<void>>();
  /**
   * Jobs this instance works on: never taken again by it, even when their lease ran out because the embedded
   * database was busy with one long transaction (a large upload stored) and could not renew it meanwhile.
   */
  private readonly workingOn = new Set<number>();
  /** Jobs this instance failed and that wait for their retry: work it still has, for `idle`. */
  private readonly retries = new Set<number>();
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
      maxAttempts: opts.maxAttempts ?? 3,
      quietMs: opts.quietMs ?? 10,
      maxDeferMs: opts.maxDeferMs ?? 1_000,
    };
  }

  /**
   * The adapter of `platform` does its jobs with `handler`, and tells the member with `dead` when a job
   * is given up; starts the worker loop on first use.
   */
  handle(platform: string, handler: JobHandler, dead?: DeadHandler): void {
    this.handlers.set(platform, handler);
    if (dead) this.deadHandlers.set(platform, dead);
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
  async enqueue(platform: string, key: string, payload: unknown, groupId: string | null = null): Promise<boolean> {
    const { rows } = await this.db.query(
      'INSERT INTO jobs (platform, key, payload, group_id) VALUES ($1, $2, $3, $4) ON CONFLICT (platform, key) DO NOTHING RETURNING id',
      [platform, key, toJson(payload), groupId],
    );
    if (rows.length) this.kick();
    return rows.length > 0;
  }

  /** Looks for work (after an enqueue, when a slot frees up, on the poll timer); during a burst of requests, after it. */
  kick(): void {
    if (this.stopped) return;
    const sinceArrival = performance.now() - this.lastArrival;
    if (sinceArrival < this.opts.quietMs) {
      this.deferred ??= setTimeout(
        () => {
          this.deferred = undefined;
          this.kick();
        },
        this.opts.quietMs - sinceArrival + 1,
      );
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
      this.retries.delete(job.id);
      this.workingOn.add(job.id);
      const p: Promise<void> = this.work(job).finally(() => {
        this.workingOn.delete(job.id);
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
    for (const r of rows)
      log.warn({ platform: r.platform, job: Number(r.id), attempts: r.attempts }, 'job dropped: older than the maximum age');
    // A finished job only keeps its key, against a late redelivery; platforms stop retrying within hours.
    await this.db.query(`DELETE FROM jobs WHERE status <> 'pending' AND finished_at < now() - interval '7 days'`);
  }

  private async take(): Promise<Job | null> {
    const platforms = [...this.handlers.keys()];
    if (!platforms.length) return null;
    const { rows } = await this.db.query<JobRow>(
      `UPDATE jobs SET locked_until = now() + $2 * interval '1 millisecond', attempts = attempts + 1
       WHERE id = (SELECT id FROM jobs WHERE status = 'pending' AND platform = ANY($1)
                     AND (locked_until IS NULL OR locked_until < now()) AND NOT (id = ANY($3::bigint[]))
                   ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [platforms, this.opts.leaseMs, [...this.workingOn]],
    );
    return rows[0] ? toJob(rows[0]) : null;
  }

  /**
   * Gives a job up for good: it keeps no message text, an administrator sees it in `werktafel jobs`, and
   * the member is told (once, best effort: the adapter gets the payload from memory).
   */
  private async bury(job: Job, error: string): Promise<void> {
    const jlog = log.child({ platform: job.platform, job: job.id, attempts: job.attempts });
    jlog.error({ err: error }, 'job given up: dead letter');
    await this.db.query(
      `UPDATE jobs SET status = 'dead', payload = NULL, replies = NULL, stream_ref = NULL, locked_until = NULL,
         attempts = $2, last_error = $3, finished_at = now() WHERE id = $1`,
      [job.id, job.attempts, error.slice(0, 500)],
    );
    await this.deadHandlers
      .get(job.platform)?.(job)
      .catch((err: Error) => jlog.error({ err: err.message }, 'could not tell the member about a dead job'));
  }

  /** The job's group was erased after the job was recorded: the work is dropped, not run. */
  private async erasedSince(job: Job): Promise<boolean> {
    if (!job.groupId) return false;
    const { platform, channel } = placeOf(job.groupId);
    const { rows } = await this.db.query('SELECT 1 FROM erased_places WHERE platform = $1 AND channel = $2 AND erased_at >= $3', [
      platform,
      channel,
      job.createdAt,
    ]);
    return rows.length > 0;
  }

  private async work(job: Job): Promise<void> {
    const jlog = log.child({ platform: job.platform, job: job.id, attempt: job.attempts });
    // Counted when taken: a job that kills its process is taken again after the lease, by any instance.
    if (job.attempts > this.opts.maxAttempts) {
      return this.bury({ ...job, attempts: job.attempts - 1 }, `taken ${job.attempts - 1} times without finishing`);
    }
    if (await this.erasedSince(job)) {
      jlog.info('job dropped: its group was erased after it was recorded');
      await this.db.query(
        `UPDATE jobs SET status = 'dropped', payload = NULL, replies = NULL, stream_ref = NULL, finished_at = now() WHERE id = $1`,
        [job.id],
      );
      return;
    }
    if (job.attempts > 1) jlog.info('job taken again after an interrupted attempt');
    const renew = setInterval(
      () => {
        this.db
          .query(`UPDATE jobs SET locked_until = now() + $2 * interval '1 millisecond' WHERE id = $1 AND status = 'pending'`, [
            job.id,
            this.opts.leaseMs,
          ])
          .catch(() => undefined);
      },
      Math.max(50, this.opts.leaseMs / 3),
    );
    try {
      await this.quiet();
      await current.run({ job, queue: this }, () => this.handlers.get(job.platform)!(job));
      await this.db.query(
        `UPDATE jobs SET status = 'done', payload = NULL, replies = NULL, stream_ref = NULL, locked_until = NULL, finished_at = now() WHERE id = $1`,
        [job.id],
      );
    } catch (err) {
      const error = String((err as Error)?.message ?? err);
      if (job.attempts >= this.opts.maxAttempts) {
        await this.bury(job, error).catch(() => undefined);
        return;
      }
      jlog.error({ err: error }, 'job failed: retried later');
      this.retries.add(job.id);
      await this.db
        .query(`UPDATE jobs SET locked_until = now() + $2 * interval '1 millisecond', last_error = $3 WHERE id = $1`, [
          job.id,
          1000 * 2 ** job.attempts,
          error.slice(0, 500),
        ])
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

  async saveStreamRef(job: Job, ref: object | null): Promise<void> {
    job.streamRef = ref;
    await this.db.query('UPDATE jobs SET stream_ref = $2 WHERE id = $1', [job.id, ref === null ? null : toJson(ref)]);
  }

  async markPosted(job: Job, n: number): Promise<void> {
    job.posted = n;
    await this.db.query('UPDATE jobs SET posted = $2 WHERE id = $1', [job.id, n]);
  }

  /**
   * Resolves true when this instance runs nothing, no job it failed waits for its retry and no job it could take is
   * waiting (tests, graceful stop); false when `timeoutMs` passed first.
   */
  async idle(timeoutMs = 60_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.running.size > 0 || this.pumping) {
        // A timer, not only the running work: an empty race would resolve at once and starve I/O.
        await Promise.race([...this.running, sleep(20)].map((p) => p.catch(() => undefined)));
        await sleep(1);
        continue;
      }
      // A job this instance failed is locked until its retry (or, when recording the failure failed too, until its
      // lease runs out), so `waiting` would not see it: it is waited for until the database has it done or given up.
      if (this.retries.size && !this.stopped && (await this.stillPending(this.retries))) {
        this.kick();
        await sleep(50);
        continue;
      }
      if (this.stopped || !(await this.waiting())) return true;
      this.kick();
      await sleep(20);
    }
    return false;
  }

  /** Forgets the jobs of `ids` that are no longer pending; true when some still are. */
  private async stillPending(ids: Set<number>): Promise<boolean> {
    const { rows } = await this.db.query<{ id: number }>(`SELECT id FROM jobs WHERE id = ANY($1::bigint[]) AND status = 'pending'`, [
      [...ids],
    ]);
    const pending = new Set(rows.map((r) => Number(r.id)));
    for (const id of ids) if (!pending.has(id)) ids.delete(id);
    return ids.size > 0;
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

export interface DeadJob {
  id: number;
  platform: string;
  groupId: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  attempts: number;
  lastError: string | null;
}

/** Work given up on (the dead-letter list, `werktafel jobs`): where and when, never what was written. */
export async function deadJobs(db: Db): Promise<DeadJob[]> {
  const { rows } = await db.query<{
    id: string;
    platform: string;
    group_id: string | null;
    created_at: Date | string;
    finished_at: Date | string | null;
    attempts: number;
    last_error: string | null;
  }>(
    `SELECT id, platform, group_id, created_at, finished_at, attempts, last_error FROM jobs WHERE status = 'dead' ORDER BY created_at, id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    platform: r.platform,
    groupId: r.group_id,
    createdAt: new Date(r.created_at),
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
    attempts: r.attempts,
    lastError: r.last_error,
  }));
}
