import type { Db, Queryable } from '../storage/db.js';
import { groupIdOf, type Member } from '../core/group.js';
import type { IncomingMessage } from '../core/types.js';
import { currentJob, ErasedSinceQueued } from '../core/jobs.js';

export const ORG_KINDS = ['gemeente', 'corporatie', 'zorg', 'welzijn', 'ontwikkelaar', 'jongeren', 'anders'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

// The core's Member, with what this module keeps about a member (declaration merging: the core imports nothing from here).
declare module '../core/group.js' {
  interface Member {
    organisation: string | null;
    orgKind: OrgKind | null;
    role: 'lid' | 'projectleider';
  }
}
export type { Member } from '../core/group.js';

interface MemberRow {
  group_id: string;
  user_id: string;
  display_name: string | null;
  organisation: string | null;
  org_kind: OrgKind | null;
  role: 'lid' | 'projectleider';
}

const toMember = (r: MemberRow): Member => ({
  groupId: r.group_id,
  userId: r.user_id,
  displayName: r.display_name,
  organisation: r.organisation,
  orgKind: r.org_kind,
  role: r.role,
});

export { groupIdOf } from '../core/group.js';

/**
 * Creates the group and the member on first contact; keeps the display name fresh. A group in use
 * again (the app reinstalled, the bot added back) is no longer due for erasure. Work queued before the
 * group was erased (a job older than the erasure's tombstone) does not bring it back: it is refused.
 */
export async function touchMember(db: Queryable, m: Pick<IncomingMessage, 'platform' | 'workspace' | 'channel' | 'user'>): Promise<Member> {
  const groupId = groupIdOf(m);
  const queuedAt = currentJob()?.job.createdAt ?? null;
  const erased = `SELECT 1 FROM erased_places WHERE platform = $2 AND channel = $4 AND erased_at >= $5::timestamptz`;
  const { rows: gone } = await db.query<{ erased: boolean }>(
    `WITH back AS (DELETE FROM group_erasures WHERE group_id = $1 AND NOT EXISTS (${erased})),
     ins AS (INSERT INTO groups (id, platform, workspace, channel) SELECT $1, $2, $3, $4 WHERE NOT EXISTS (${erased})
             ON CONFLICT (id) DO NOTHING)
     SELECT EXISTS (${erased}) AS erased`,
    [groupId, m.platform, m.workspace, m.channel, queuedAt],
  );
  if (gone[0]?.erased) throw new ErasedSinceQueued();
  const { rows } = await db.query<MemberRow>(
    `INSERT INTO members (group_id, user_id, display_name) VALUES ($1, $2, $3)
     ON CONFLICT (group_id, user_id) DO UPDATE SET display_name = COALESCE(EXCLUDED.display_name, members.display_name)
     RETURNING *`,
    [groupId, m.user.id, m.user.name ?? null],
  );
  return toMember(rows[0]);
}

export async function getMember(db: Queryable, groupId: string, userId: string): Promise<Member | null> {
  const { rows } = await db.query<MemberRow>('SELECT * FROM members WHERE group_id = $1 AND user_id = $2', [groupId, userId]);
  return rows[0] ? toMember(rows[0]) : null;
}

export async function listMembers(db: Queryable, groupId: string): Promise<Member[]> {
  const { rows } = await db.query<MemberRow>('SELECT * FROM members WHERE group_id = $1 ORDER BY display_name', [groupId]);
  return rows.map(toMember);
}

export async function setOrganisation(
  db: Queryable,
  groupId: string,
  userId: string,
  organisation: string,
  kind: OrgKind | null,
): Promise<Member> {
  const { rows } = await db.query<MemberRow>(
    `UPDATE members SET organisation = $3, org_kind = COALESCE($4, org_kind), updated_at = now()
     WHERE group_id = $1 AND user_id = $2 RETURNING *`,
    [groupId, userId, organisation, kind],
  );
  return toMember(rows[0]);
}

/** Ensures the member exists (e.g. named by mention before ever writing) and sets the role. */
export async function setRole(db: Queryable, groupId: string, userId: string, role: Member['role'], displayName?: string): Promise<Member> {
  const { rows } = await db.query<MemberRow>(
    `INSERT INTO members (group_id, user_id, display_name, role) VALUES ($1, $2, $3, $4)
     ON CONFLICT (group_id, user_id) DO UPDATE SET role = EXCLUDED.role, updated_at = now()
     RETURNING *`,
    [groupId, userId, displayName ?? null, role],
  );
  return toMember(rows[0]);
}

/**
 * True when the member may act as project leader. A group without any project leader
 * makes its first member who needs the role the project leader. The group's advisory lock
 * serialises claims, so two members racing cannot both become the first.
 */
export async function claimProjectLeader(db: Db, member: Member): Promise<boolean> {
  if (member.role === 'projectleider') return true;
  const claimed = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`leader:${member.groupId}`]);
    const { rows } = await tx.query<{ role: string }>(
      `UPDATE members SET role = 'projectleider', updated_at = now()
       WHERE group_id = $1 AND user_id = $2
         AND NOT EXISTS (SELECT 1 FROM members WHERE group_id = $1 AND role = 'projectleider')
       RETURNING role`,
      [member.groupId, member.userId],
    );
    if (rows.length > 0) return true;
    // Someone else may have made this member leader meanwhile.
    const current = await tx.query<{ role: string }>('SELECT role FROM members WHERE group_id = $1 AND user_id = $2', [
      member.groupId,
      member.userId,
    ]);
    return current.rows[0]?.role === 'projectleider';
  });
  if (claimed) member.role = 'projectleider';
  return claimed;
}

/** "naam (organisatie)" for attributions. */
export function memberLabel(m: Pick<Member, 'displayName' | 'userId' | 'organisation'>): string {
  const name = m.displayName || m.userId;
  return m.organisation ? `${name} (${m.organisation})` : name;
}
