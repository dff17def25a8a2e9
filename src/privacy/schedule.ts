import type { Queryable } from '../storage/db.js';

// Erasures the platforms ask for by removing the bot: recorded with a grace period, carried out by
// the pruning pass (retention.ts). Scheduling twice keeps the first due date.

export interface Where {
  platform: 'slack' | 'teams';
  /** Any of these workspaces (Slack team or enterprise id, Teams tenant); omit to match on channel alone. */
  workspaces?: string[];
  /** One channel / conversation; omit for every group in the workspaces. */
  channel?: string;
}

export interface PendingErasure {
  groupId: string;
  reason: string;
  requestedAt: Date;
  dueAt: Date;
}

/** Records a pending erasure for every known group that matches; returns their ids. */
export async function scheduleErasure(db: Queryable, where: Where, reason: string, graceDays: number): Promise<string[]> {
  if (!where.workspaces?.length && !where.channel) return [];
  const { rows } = await db.query<{ group_id: string }>(
    `INSERT INTO group_erasures (group_id, reason, due_at)
     SELECT id, $4, now() + $5 * interval '1 day' FROM groups
     WHERE platform = $1 AND ($2::text[] IS NULL OR workspace = ANY($2)) AND ($3::text IS NULL OR channel = $3)
     ON CONFLICT (group_id) DO NOTHING
     RETURNING group_id`,
    [where.platform, where.workspaces?.length ? where.workspaces : null, where.channel ?? null, reason, graceDays],
  );
  return rows.map((r) => r.group_id);
}

/** The bot is back in the group: its data stays. */
export async function cancelErasure(db: Queryable, groupId: string): Promise<boolean> {
  const { rows } = await db.query('DELETE FROM group_erasures WHERE group_id = $1 RETURNING group_id', [groupId]);
  return rows.length > 0;
}

export async function pendingErasure(db: Queryable, groupId: string): Promise<PendingErasure | null> {
  const { rows } = await db.query<{ group_id: string; reason: string; requested_at: Date; due_at: Date }>(
    'SELECT * FROM group_erasures WHERE group_id = $1',
    [groupId],
  );
  const r = rows[0];
  return r ? { groupId: r.group_id, reason: r.reason, requestedAt: new Date(r.requested_at), dueAt: new Date(r.due_at) } : null;
}

export async function dueErasures(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ group_id: string }>('SELECT group_id FROM group_erasures WHERE due_at <= now() ORDER BY due_at');
  return rows.map((r) => r.group_id);
}
