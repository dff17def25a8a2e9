import type { Queryable } from '../storage/db.js';

// Finding a working group for an administrator: the list, and a group by its id or channel.

export interface GroupListing {
  id: string;
  platform: string;
  channel: string;
  createdAt: Date;
  members: number;
  lastActivity: Date | null;
  erasureDue: Date | null;
}

export async function listGroups(db: Queryable): Promise<GroupListing[]> {
  const { rows } = await db.query<{
    id: string;
    platform: string;
    channel: string;
    created_at: Date;
    members: number;
    last_activity: Date | null;
    due_at: Date | null;
  }>(
    `SELECT g.id, g.platform, g.channel, g.created_at,
       (SELECT count(*)::int FROM members m WHERE m.group_id = g.id) AS members,
       GREATEST((SELECT max(updated_at) FROM members m WHERE m.group_id = g.id),
                (SELECT max(created_at) FROM answers a WHERE a.group_id = g.id)) AS last_activity,
       e.due_at
     FROM groups g LEFT JOIN group_erasures e ON e.group_id = g.id
     ORDER BY g.created_at, g.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    platform: r.platform,
    channel: r.channel,
    createdAt: new Date(r.created_at),
    members: r.members,
    lastActivity: r.last_activity ? new Date(r.last_activity) : null,
    erasureDue: r.due_at ? new Date(r.due_at) : null,
  }));
}

export type Resolved = { id: string } | { error: 'unknown' } | { error: 'ambiguous'; ids: string[] };

/** The full id (platform:workspace:channel), or a channel id when only one group has it. */
export async function resolveGroup(db: Queryable, given: string): Promise<Resolved> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM groups WHERE id = $1 OR channel = $1 ORDER BY id', [given.trim()]);
  const exact = rows.find((r) => r.id === given.trim());
  if (exact) return { id: exact.id };
  if (rows.length === 1) return { id: rows[0].id };
  return rows.length ? { error: 'ambiguous', ids: rows.map((r) => r.id) } : { error: 'unknown' };
}
