import type { Db, Queryable } from '../storage/db.js';
import { deleteRows, deletionOrder, groupTables } from './catalog.js';

// Erasing a working group: every row of every table that belongs to it (see catalog.ts), queued work
// included, in one transaction. The shared documents and their index belong to no group and stay.
// The group's place keeps a tombstone (platform and channel id, no member data), so work recorded
// before the erasure never brings the group back.

export interface Erasure {
  groupId: string;
  /** Rows deleted per table (tables without rows left out). */
  counts: Map<string, number>;
}

export async function eraseGroupIn(tx: Queryable, groupId: string): Promise<Erasure> {
  const counts = new Map<string, number>();
  // The tombstone: work for this place queued before now is dropped, not run (core/jobs.ts, groups/members.ts).
  const [platform, , ...channel] = groupId.split(':');
  await tx.query(
    `INSERT INTO erased_places (platform, channel) VALUES ($1, $2) ON CONFLICT (platform, channel) DO UPDATE SET erased_at = now()`,
    [platform, channel.join(':')],
  );
  for (const t of deletionOrder(await groupTables(tx))) {
    const { rows } = await tx.query<{ n: number }>(deleteRows(t), [groupId]);
    if (rows[0].n > 0) counts.set(t.table, rows[0].n);
  }
  return { groupId, counts };
}

export function eraseGroup(db: Db, groupId: string): Promise<Erasure> {
  return db.transaction((tx) => eraseGroupIn(tx, groupId));
}
