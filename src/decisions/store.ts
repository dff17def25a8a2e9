import type { IncomingMessage } from '../core/types.js';
import { transactionWithRetry } from '../glossary/retry.js';
import { onceInJob } from '../core/jobs.js';
import type { Member } from '../groups/members.js';
import type { Db, Queryable } from '../storage/db.js';
import type { DecisionStatus } from './parse.js';

// Decisions per working group. Numbers come from a per-group counter row that is incremented
// under its row lock, so concurrent decisions get 1, 2, 3… without gaps or duplicates.

export interface Decision {
  id: number;
  number: number;
  text: string;
  status: DecisionStatus;
  stepItem: string | null;
  authorId: string;
  authorName: string | null;
  organisation: string | null;
  channel: string;
  thread: string | null;
  permalink: string | null;
  replaces: number | null;
  replacedBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DecisionEvent {
  status: DecisionStatus;
  reason: string | null;
  /** The wording before a revision (`besluit 1 herzien: …`). */
  oldText: string | null;
  actorId: string;
  actorName: string | null;
  organisation: string | null;
  at: Date;
}

interface DecisionRow {
  id: number;
  number: number;
  text: string;
  status: DecisionStatus;
  step_item: string | null;
  author_id: string;
  author_name: string | null;
  organisation: string | null;
  channel: string;
  thread: string | null;
  permalink: string | null;
  replaces: number | null;
  replaced_by: number | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const toDate = (d: Date | string): Date => (d instanceof Date ? d : new Date(d));

const toDecision = (r: DecisionRow): Decision => ({
  id: r.id,
  number: r.number,
  text: r.text,
  status: r.status,
  stepItem: r.step_item,
  authorId: r.author_id,
  authorName: r.author_name,
  organisation: r.organisation,
  channel: r.channel,
  thread: r.thread,
  permalink: r.permalink,
  replaces: r.replaces,
  replacedBy: r.replaced_by,
  createdAt: toDate(r.created_at),
  updatedAt: toDate(r.updated_at),
});

/** A user-facing refusal raised inside a transaction (rolls it back). */
export class DecisionError extends Error {
  constructor(
    readonly key: string,
    readonly vars: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

export const ACTIVE: DecisionStatus[] = ['genomen', 'herzien'];

export interface NewDecision {
  text: string;
  stepItem: string | null;
  stepRun: string | null;
  replaces: number | null;
}

async function event(
  tx: Queryable,
  decisionId: number,
  status: DecisionStatus,
  reason: string | null,
  m: Member,
  oldText: string | null = null,
): Promise<void> {
  await tx.query(
    'INSERT INTO decision_events (decision_id, status, reason, actor_id, actor_name, organisation, old_text) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [decisionId, status, reason, m.userId, m.displayName, m.organisation, oldText],
  );
}

/**
 * Who may do what, one check per action. Recording and reading are open to every member; any change
 * of an existing decision — a revision, a status, and being replaced by a new decision (`besluit X
 * vervangt 1` retires #1) — belongs to its author and the project leader.
 */
export type DecisionAction = 'record' | 'show' | 'list' | 'revise' | 'status' | 'replace';
export const CHANGES_A_DECISION: Record<DecisionAction, boolean> = {
  record: false,
  show: false,
  list: false,
  revise: true,
  status: true,
  replace: true,
};

/** Decides, given the author of the decision concerned, whether the member may change it (may claim the project-leader role). */
export type MayChange = (authorId: string) => Promise<boolean>;

export async function recordDecision(
  db: Db,
  member: Member,
  msg: IncomingMessage,
  d: NewDecision,
  mayChange?: MayChange,
): Promise<Decision> {
  const groupId = member.groupId;
  if (d.replaces !== null) {
    if (!mayChange) throw new Error('replacing a decision needs an authorisation check');
    await ensureMayChange(db, member, d.replaces, 'replace', mayChange);
  }
  const row = await transactionWithRetry(db, (tx) =>
    onceInJob(tx, groupId, 'decision.record', async () => {
      let replaced: DecisionRow | undefined;
      if (d.replaces !== null) {
        const { rows } = await tx.query<DecisionRow>('SELECT * FROM decisions WHERE group_id = $1 AND number = $2 FOR UPDATE', [
          groupId,
          d.replaces,
        ]);
        replaced = rows[0];
        if (!replaced) throw new DecisionError('decisions.unknown', { number: d.replaces });
        if (!ACTIVE.includes(replaced.status))
          throw new DecisionError('decisions.not_active', { number: d.replaces, status: replaced.status });
      }
      const { rows: counter } = await tx.query<{ last_number: number }>(
        `INSERT INTO decision_counters (group_id, last_number) VALUES ($1, 1)
       ON CONFLICT (group_id) DO UPDATE SET last_number = decision_counters.last_number + 1 RETURNING last_number`,
        [groupId],
      );
      const number = counter[0].last_number;
      const { rows } = await tx.query<DecisionRow>(
        `INSERT INTO decisions (group_id, number, text, step_item, step_run, author_id, author_name, organisation,
                              channel, thread, message_id, permalink, replaces)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
        [
          groupId,
          number,
          d.text,
          d.stepItem,
          d.stepRun,
          member.userId,
          member.displayName,
          member.organisation,
          msg.channel,
          msg.thread ?? null,
          msg.messageId ?? null,
          msg.permalink ?? null,
          d.replaces,
        ],
      );
      await event(tx, rows[0].id, 'genomen', null, member);
      if (replaced) {
        await tx.query(`UPDATE decisions SET status = 'vervangen', replaced_by = $2, updated_at = now() WHERE id = $1`, [
          replaced.id,
          number,
        ]);
        await event(tx, replaced.id, 'vervangen', `#${number}`, member);
      }
      return rows[0];
    }),
  );
  return toDecision(row);
}

export async function getDecision(db: Queryable, groupId: string, number: number): Promise<Decision | null> {
  const { rows } = await db.query<DecisionRow>('SELECT * FROM decisions WHERE group_id = $1 AND number = $2', [groupId, number]);
  return rows[0] ? toDecision(rows[0]) : null;
}

interface EventRow {
  decision_id: number;
  status: DecisionStatus;
  reason: string | null;
  old_text: string | null;
  actor_id: string;
  actor_name: string | null;
  organisation: string | null;
  at: Date | string;
}

function toEvent(r: EventRow): DecisionEvent {
  return {
    status: r.status,
    reason: r.reason,
    oldText: r.old_text,
    actorId: r.actor_id,
    actorName: r.actor_name,
    organisation: r.organisation,
    at: toDate(r.at),
  };
}

export async function decisionEvents(db: Queryable, decisionId: number): Promise<DecisionEvent[]> {
  const { rows } = await db.query<EventRow>('SELECT * FROM decision_events WHERE decision_id = $1 ORDER BY at, id', [decisionId]);
  return rows.map(toEvent);
}

/** The history of every decision of the group, by decision id (for the exports). */
export async function groupDecisionEvents(db: Queryable, groupId: string): Promise<Map<number, DecisionEvent[]>> {
  const { rows } = await db.query<EventRow>(
    `SELECT e.* FROM decision_events e JOIN decisions d ON d.id = e.decision_id WHERE d.group_id = $1 ORDER BY e.at, e.id`,
    [groupId],
  );
  const out = new Map<number, DecisionEvent[]>();
  for (const r of rows) out.set(r.decision_id, [...(out.get(r.decision_id) ?? []), toEvent(r)]);
  return out;
}

/** The decision exists and this member may do `action` to it. Asked outside the transaction: claiming the project-leader role may write. */
async function ensureMayChange(db: Db, member: Member, number: number, action: DecisionAction, mayChange: MayChange): Promise<void> {
  const current = await getDecision(db, member.groupId, number);
  if (!current) throw new DecisionError('decisions.unknown', { number });
  if (CHANGES_A_DECISION[action] && !(await mayChange(current.authorId))) throw new DecisionError('decisions.not_allowed', { number });
}

/** The decision, locked for a change; only an active decision can be changed. */
async function lockActive(tx: Queryable, member: Member, number: number): Promise<DecisionRow> {
  const { rows } = await tx.query<DecisionRow>('SELECT * FROM decisions WHERE group_id = $1 AND number = $2 FOR UPDATE', [
    member.groupId,
    number,
  ]);
  const d = rows[0];
  if (!ACTIVE.includes(d.status)) throw new DecisionError('decisions.not_active', { number, status: d.status });
  return d;
}

export async function changeStatus(
  db: Db,
  member: Member,
  number: number,
  status: 'herzien' | 'ingetrokken',
  reason: string | null,
  mayChange: MayChange,
): Promise<Decision> {
  await ensureMayChange(db, member, number, 'status', mayChange);
  const row = await transactionWithRetry(db, (tx) =>
    onceInJob(tx, member.groupId, `decision.status:${number}`, async () => {
      const d = await lockActive(tx, member, number);
      if (d.status === status) throw new DecisionError('decisions.same_status', { number, status });
      const { rows: updated } = await tx.query<DecisionRow>(
        'UPDATE decisions SET status = $2, updated_at = now() WHERE id = $1 RETURNING *',
        [d.id, status],
      );
      await event(tx, d.id, status, reason, member);
      return updated[0];
    }),
  );
  return toDecision(row);
}

/** New wording for a decision (`besluit 1 herzien: …`): status herzien, the old text kept in the history. */
export async function reviseDecision(
  db: Db,
  member: Member,
  number: number,
  text: string,
  reason: string | null,
  mayChange: MayChange,
): Promise<Decision> {
  await ensureMayChange(db, member, number, 'revise', mayChange);
  const row = await transactionWithRetry(db, (tx) =>
    onceInJob(tx, member.groupId, `decision.revise:${number}`, async () => {
      const d = await lockActive(tx, member, number);
      if (d.text === text) throw new DecisionError('decisions.same_text', { number });
      const { rows: updated } = await tx.query<DecisionRow>(
        `UPDATE decisions SET text = $2, status = 'herzien', updated_at = now() WHERE id = $1 RETURNING *`,
        [d.id, text],
      );
      await event(tx, d.id, 'herzien', reason, member, d.text);
      return updated[0];
    }),
  );
  return toDecision(row);
}

export async function listDecisions(db: Queryable, groupId: string): Promise<Decision[]> {
  const { rows } = await db.query<DecisionRow>('SELECT * FROM decisions WHERE group_id = $1 ORDER BY number', [groupId]);
  return rows.map(toDecision);
}

/**
 * Searches the group's decisions: Dutch full text first (websearch syntax: words, "phrases", -not),
 * then, when that finds nothing, a plain substring or similar spelling.
 */
export async function searchDecisions(db: Queryable, groupId: string, query: string): Promise<Decision[]> {
  const item = query.trim().toUpperCase();
  const { rows } = await db.query<DecisionRow>(
    `SELECT * FROM decisions
     WHERE group_id = $1 AND (to_tsvector('dutch', text) @@ websearch_to_tsquery('dutch', $2) OR step_item = $3)
     ORDER BY ts_rank(to_tsvector('dutch', text), websearch_to_tsquery('dutch', $2)) DESC, number`,
    [groupId, query, item],
  );
  if (rows.length) return rows.map(toDecision);
  const { rows: loose } = await db.query<DecisionRow>(
    `SELECT * FROM decisions
     WHERE group_id = $1 AND (text ILIKE $2 OR word_similarity($3, text) >= 0.5)
     ORDER BY word_similarity($3, text) DESC, number`,
    [groupId, `%${query.replace(/[\\%_]/g, '\\$&')}%`, query],
  );
  return loose.map(toDecision);
}

/** Active decisions sharing words with a question (any word, best first), for annotations. */
export async function decisionsForQuestion(db: Queryable, groupId: string, words: string[], limit = 3): Promise<Decision[]> {
  const safe = words.map((w) => w.replace(/[^a-z0-9]/g, '')).filter((w) => w.length > 2);
  if (safe.length === 0) return [];
  const { rows } = await db.query<DecisionRow>(
    `SELECT * FROM decisions
     WHERE group_id = $1 AND status = ANY($3::text[]) AND to_tsvector('dutch', text) @@ to_tsquery('dutch', $2)
     ORDER BY ts_rank(to_tsvector('dutch', text), to_tsquery('dutch', $2)) DESC, number DESC
     LIMIT $4`,
    [groupId, safe.join(' | '), ACTIVE, limit],
  );
  return rows.map(toDecision);
}

/** The open step run whose thread this is, when the steps feature is installed. */
export async function stepRunForThread(db: Queryable, groupId: string, thread: string | undefined): Promise<string | null> {
  if (!thread) return null;
  try {
    const { rows: exists } = await db.query<{ ok: boolean }>(`SELECT to_regclass('step_runs') IS NOT NULL AS ok`);
    if (!exists[0]?.ok) return null;
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM step_runs WHERE group_id = $1 AND thread = $2 ORDER BY (status = 'open') DESC, started_at DESC LIMIT 1`,
      [groupId, thread],
    );
    return rows[0]?.id ?? null;
  } catch {
    // The steps schema is someone else's and may change; a decision does not depend on it.
    return null;
  }
}
