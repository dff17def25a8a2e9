import { randomUUID } from 'node:crypto';
import type { Member } from '../groups/members.js';
import type { Queryable } from '../storage/db.js';
import type { StepDef } from './definitions.js';
import { type Facts, parseFacts } from './facts.js';

// Runs and answers in Postgres. Answers are append-only: every edit or withdrawal is a new version
// row, so concurrent answers never overwrite each other and the history stays available.

export interface Run {
  id: string;
  groupId: string;
  stepKey: string;
  status: 'open' | 'closed';
  cardKey: string;
  thread: string | null;
  startedBy: string;
  startedAt: Date;
  closedAt: Date | null;
}

interface RunRow {
  id: string;
  group_id: string;
  step_key: string;
  status: 'open' | 'closed';
  card_key: string;
  thread: string | null;
  started_by: string;
  started_at: Date | string;
  closed_at: Date | string | null;
}

const toRun = (r: RunRow): Run => ({
  id: r.id,
  groupId: r.group_id,
  stepKey: r.step_key,
  status: r.status,
  cardKey: r.card_key,
  thread: r.thread,
  startedBy: r.started_by,
  startedAt: new Date(r.started_at),
  closedAt: r.closed_at ? new Date(r.closed_at) : null,
});

export const cardKeyOf = (runId: string) => `step:${runId}`;
export const runIdOfCardKey = (cardKey: string) => (cardKey.startsWith('step:') ? cardKey.slice('step:'.length) : null);

/** Starts a run, or returns the open one (created: false). Safe when two leaders start at once. */
export async function startRun(db: Queryable, groupId: string, step: StepDef, userId: string): Promise<{ run: Run; created: boolean }> {
  const id = randomUUID();
  const { rows } = await db.query<RunRow>(
    `INSERT INTO step_runs (id, group_id, step_key, card_key, started_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (group_id, step_key) WHERE status = 'open' DO NOTHING RETURNING *`,
    [id, groupId, step.key, cardKeyOf(id), userId],
  );
  if (rows.length === 0) {
    const open = await openRun(db, groupId, step.key);
    if (!open) throw new Error('open run vanished while starting');
    return { run: open, created: false };
  }
  // The questions are frozen per run; position keeps the order of the checklist.
  const items = step.items;
  await db.query(
    `INSERT INTO step_run_items (run_id, code, theme, position, question)
     SELECT $1::text, * FROM unnest($2::text[], $3::text[], $4::int[], $5::text[])`,
    [id, items.map((i) => i.code), items.map((i) => i.theme), items.map((_, n) => n), items.map((i) => i.question.nl)],
  );
  return { run: toRun(rows[0]), created: true };
}

export async function openRun(db: Queryable, groupId: string, stepKey: string): Promise<Run | null> {
  const { rows } = await db.query<RunRow>(`SELECT * FROM step_runs WHERE group_id = $1 AND step_key = $2 AND status = 'open'`, [
    groupId,
    stepKey,
  ]);
  return rows[0] ? toRun(rows[0]) : null;
}

/** The open run of the step, else its most recent closed one. */
export async function latestRun(db: Queryable, groupId: string, stepKey: string): Promise<Run | null> {
  const { rows } = await db.query<RunRow>(
    `SELECT * FROM step_runs WHERE group_id = $1 AND step_key = $2 ORDER BY (status = 'open') DESC, started_at DESC LIMIT 1`,
    [groupId, stepKey],
  );
  return rows[0] ? toRun(rows[0]) : null;
}

export async function listRuns(db: Queryable, groupId: string, opts: { openOnly?: boolean } = {}): Promise<Run[]> {
  const { rows } = await db.query<RunRow>(
    `SELECT * FROM step_runs WHERE group_id = $1 ${opts.openOnly ? "AND status = 'open'" : ''} ORDER BY started_at`,
    [groupId],
  );
  return rows.map(toRun);
}

export async function getRun(db: Queryable, groupId: string, runId: string): Promise<Run | null> {
  // Scoped by group: an id from another group is unknown here.
  const { rows } = await db.query<RunRow>('SELECT * FROM step_runs WHERE id = $1 AND group_id = $2', [runId, groupId]);
  return rows[0] ? toRun(rows[0]) : null;
}

export async function runByThread(db: Queryable, groupId: string, thread: string): Promise<Run | null> {
  const { rows } = await db.query<RunRow>(
    `SELECT * FROM step_runs WHERE group_id = $1 AND thread = $2 ORDER BY (status = 'open') DESC, started_at DESC LIMIT 1`,
    [groupId, thread],
  );
  return rows[0] ? toRun(rows[0]) : null;
}

/**
 * Adapters call this after posting a reply with a step cardKey: the message id of the card is the
 * thread in which the group answers. Returns false when the card key is not a run of this group.
 */
export async function attachRunThread(db: Queryable, groupId: string, cardKey: string, thread: string): Promise<boolean> {
  const { rows } = await db.query('UPDATE step_runs SET thread = $3 WHERE group_id = $1 AND card_key = $2 RETURNING id', [
    groupId,
    cardKey,
    thread,
  ]);
  return rows.length > 0;
}

export async function closeRun(db: Queryable, run: Run): Promise<void> {
  await db.query(`UPDATE step_runs SET status = 'closed', closed_at = now() WHERE id = $1 AND status = 'open'`, [run.id]);
}

export interface StoredAnswer {
  answerId: string;
  version: number;
  runId: string;
  itemCode: string;
  userId: string;
  memberName: string | null;
  organisation: string | null;
  orgKind: string | null;
  body: string;
  facts: Facts;
  refYear: number | null;
  sourceMessage: string | null;
  via: 'message' | 'action';
  /** When the answer was first given; `updatedAt` when this version was written. */
  createdAt: Date;
  updatedAt: Date;
}

interface AnswerRow {
  answer_id: string;
  version: number;
  run_id: string;
  item_code: string;
  user_id: string;
  member_name: string | null;
  organisation: string | null;
  org_kind: string | null;
  body: string;
  withdrawn: boolean;
  facts: Facts | string;
  ref_year: number | null;
  source_message: string | null;
  via: 'message' | 'action';
  first_at: Date | string;
  created_at: Date | string;
}

const toAnswer = (r: AnswerRow): StoredAnswer => ({
  answerId: r.answer_id,
  version: r.version,
  runId: r.run_id,
  itemCode: r.item_code,
  userId: r.user_id,
  memberName: r.member_name,
  organisation: r.organisation,
  orgKind: r.org_kind,
  body: r.body,
  facts: typeof r.facts === 'string' ? JSON.parse(r.facts) : r.facts,
  refYear: r.ref_year,
  sourceMessage: r.source_message,
  via: r.via,
  createdAt: new Date(r.first_at),
  updatedAt: new Date(r.created_at),
});

/** Current (latest, not withdrawn) answers of the runs, oldest first. */
export async function currentAnswers(db: Queryable, runIds: string[]): Promise<StoredAnswer[]> {
  if (runIds.length === 0) return [];
  const { rows } = await db.query<AnswerRow & { withdrawn: boolean }>(
    `SELECT * FROM (
       SELECT DISTINCT ON (answer_id) a.*, min(created_at) OVER (PARTITION BY answer_id) AS first_at
       FROM step_answers a WHERE run_id = ANY($1::text[])
       ORDER BY answer_id, version DESC
     ) latest WHERE NOT withdrawn ORDER BY first_at, answer_id`,
    [runIds],
  );
  return rows.map(toAnswer);
}

/** Current answers that came from one platform message (one message may answer several items). */
export async function answersOfMessage(db: Queryable, groupId: string, messageId: string): Promise<StoredAnswer[]> {
  const { rows } = await db.query<AnswerRow>(
    `SELECT * FROM (
       SELECT DISTINCT ON (answer_id) a.*, min(created_at) OVER (PARTITION BY answer_id) AS first_at
       FROM step_answers a WHERE group_id = $1 AND answer_id IN (SELECT answer_id FROM step_answers WHERE group_id = $1 AND source_message = $2)
       ORDER BY answer_id, version DESC
     ) latest WHERE NOT withdrawn ORDER BY first_at`,
    [groupId, messageId],
  );
  return rows.map(toAnswer);
}

export async function getAnswer(db: Queryable, groupId: string, answerId: string): Promise<StoredAnswer | null> {
  const { rows } = await db.query<AnswerRow>(
    `SELECT * FROM (
       SELECT DISTINCT ON (answer_id) a.*, min(created_at) OVER (PARTITION BY answer_id) AS first_at
       FROM step_answers a WHERE group_id = $1 AND answer_id = $2 ORDER BY answer_id, version DESC
     ) latest WHERE NOT withdrawn`,
    [groupId, answerId],
  );
  return rows[0] ? toAnswer(rows[0]) : null;
}

/** How many versions each answer has (for "bewerkt" marks in reports). */
export async function versionCounts(db: Queryable, runIds: string[]): Promise<Map<string, number>> {
  if (runIds.length === 0) return new Map();
  const { rows } = await db.query<{ answer_id: string; n: number }>(
    'SELECT answer_id, count(*)::int AS n FROM step_answers WHERE run_id = ANY($1::text[]) GROUP BY answer_id',
    [runIds],
  );
  return new Map(rows.map((r) => [r.answer_id, r.n]));
}

export interface NewAnswer {
  run: Run;
  itemCode: string;
  member: Member;
  body: string;
  sourceMessage?: string;
  via: 'message' | 'action';
}

export async function addAnswer(db: Queryable, a: NewAnswer): Promise<string> {
  const answerId = randomUUID();
  const facts = parseFacts(a.body);
  await db.query(
    `INSERT INTO step_answers (answer_id, version, run_id, item_code, group_id, user_id, member_name, organisation, org_kind, body, facts, ref_year, source_message, via)
     VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      answerId,
      a.run.id,
      a.itemCode,
      a.run.groupId,
      a.member.userId,
      a.member.displayName,
      a.member.organisation,
      a.member.orgKind,
      a.body,
      JSON.stringify(facts),
      facts.year ?? null,
      a.sourceMessage ?? null,
      a.via,
    ],
  );
  return answerId;
}

/** Writes the next version of an answer (new text, or withdrawn). Retries when two edits race. */
export async function reviseAnswer(db: Queryable, prev: StoredAnswer, change: { body: string } | { withdrawn: true }): Promise<void> {
  const withdrawn = 'withdrawn' in change;
  const body = withdrawn ? prev.body : change.body;
  const facts = withdrawn ? prev.facts : parseFacts(body);
  for (let attempt = 0; ; attempt++) {
    try {
      await db.query(
        `INSERT INTO step_answers (answer_id, version, run_id, item_code, group_id, user_id, member_name, organisation, org_kind, body, withdrawn, facts, ref_year, source_message, via)
         SELECT answer_id, (SELECT max(version) + 1 FROM step_answers WHERE answer_id = $1), run_id, item_code, group_id, user_id, member_name, organisation, org_kind,
                $2, $3, $4, $5, source_message, via
         FROM step_answers WHERE answer_id = $1 AND version = 1`,
        [prev.answerId, body, withdrawn, JSON.stringify(facts), facts.year ?? null],
      );
      return;
    } catch (err) {
      if (attempt >= 3 || !/duplicate key|unique/i.test(String((err as Error).message))) throw err;
    }
  }
}

/** The member's own latest current answer to an item of a run (for `D2 wijzigen: …` and `D2 intrekken`). */
export async function ownLatestAnswer(db: Queryable, run: Run, itemCode: string, userId: string): Promise<StoredAnswer | null> {
  const own = (await currentAnswers(db, [run.id])).filter((a) => a.itemCode === itemCode && a.userId === userId);
  return own.at(-1) ?? null;
}

export interface PendingAnswer {
  id: string;
  userId: string;
  body: string;
  sourceMessage: string | null;
}

/** Keeps a message whose item is not known yet, until its author picks one. */
export async function addPendingAnswer(
  db: Queryable,
  groupId: string,
  userId: string,
  body: string,
  sourceMessage?: string,
): Promise<string> {
  const id = randomUUID();
  await db.query('INSERT INTO step_pending_answers (id, group_id, user_id, body, source_message) VALUES ($1, $2, $3, $4, $5)', [
    id,
    groupId,
    userId,
    body,
    sourceMessage ?? null,
  ]);
  return id;
}

/** Takes a pending answer out (once: a second press finds nothing). Scoped by group. */
export async function takePendingAnswer(db: Queryable, groupId: string, id: string, userId: string): Promise<PendingAnswer | null> {
  const { rows } = await db.query<{ id: string; user_id: string; body: string; source_message: string | null }>(
    'DELETE FROM step_pending_answers WHERE id = $1 AND group_id = $2 AND user_id = $3 RETURNING *',
    [id, groupId, userId],
  );
  const r = rows[0];
  return r ? { id: r.id, userId: r.user_id, body: r.body, sourceMessage: r.source_message } : null;
}
