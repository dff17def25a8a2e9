import { FILE_OFFER_DAYS } from '../core/file-offers.js';
import { SHARED_FILE_DAYS } from '../documents/shared-files.js';
import { log } from '../log.js';
import type { Db } from '../storage/db.js';
import type { PrivacyConfig } from './config.js';
import { eraseGroupIn } from './erase.js';
import { dueErasures } from './schedule.js';

// The pruning pass: old questions and feedback, old event ids, and erasures that are due. Runs at
// start and then periodically on every instance; a transaction-scoped advisory lock lets one
// instance do a pass while the others skip it, and every DELETE is idempotent anyway.

const PRUNE_LOCK = 724012;

export interface PruneResult {
  answers: number;
  feedback: number;
  events: number;
  /** References to files shared in a channel, older than SHARED_FILE_DAYS. */
  sharedFiles: number;
  erased: string[];
}

/** One pass; null when another instance is doing one right now. */
export async function prune(db: Db, cfg: PrivacyConfig): Promise<PruneResult | null> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [PRUNE_LOCK]);
    if (!rows[0].got) return null;
    const count = async (sql: string, params: unknown[]) =>
      (await tx.query<{ n: number }>(`WITH d AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM d`, params)).rows[0].n;
    const feedback = await count(`DELETE FROM feedback WHERE created_at < now() - $1 * interval '1 day'`, [cfg.retentionDays]);
    // Feedback on an old answer goes with it (cascade); counted above only when itself old.
    const answers = await count(`DELETE FROM answers WHERE created_at < now() - $1 * interval '1 day'`, [cfg.retentionDays]);
    // A finished job keeps only its key (the delivery id), against a platform's redelivery.
    const events = await count(`DELETE FROM jobs WHERE status <> 'pending' AND finished_at < now() - $1 * interval '1 day'`, [
      cfg.eventDays,
    ]);
    const sharedFiles = await count(`DELETE FROM shared_files WHERE shared_at < now() - $1 * interval '1 day'`, [SHARED_FILE_DAYS]);
    // A file offered for consent (Teams) and never answered.
    await count(`DELETE FROM file_offers WHERE created_at < now() - $1 * interval '1 day'`, [FILE_OFFER_DAYS]);
    const erased: string[] = [];
    for (const groupId of await dueErasures(tx)) {
      await eraseGroupIn(tx, groupId);
      erased.push(groupId);
    }
    return { answers, feedback, events, sharedFiles, erased };
  });
}

export interface Pruner {
  /** The pass at start (tests wait for it). */
  first: Promise<void>;
  /** No further passes; resolves when a running one is done (then the database may close). */
  stop(): Promise<void>;
}

/** Prunes now and every `pruneIntervalMinutes`; failures are logged, never thrown. */
export function startPruning(db: Db, cfg: PrivacyConfig): Pruner {
  const logger = log.child({ job: 'prune' });
  let running: Promise<void> = Promise.resolve();
  const pass = () => (running = once());
  const once = async () => {
    try {
      const r = await prune(db, cfg);
      if (r && (r.answers || r.feedback || r.events || r.erased.length)) {
        logger.info({ answers: r.answers, feedback: r.feedback, events: r.events, erasedGroups: r.erased.length }, 'pruned');
      }
    } catch (err) {
      logger.error({ err }, 'pruning failed');
    }
  };
  const first = pass();
  const timer = setInterval(pass, cfg.pruneIntervalMinutes * 60_000);
  timer.unref();
  return {
    first,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
