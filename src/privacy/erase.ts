import type { Db, Queryable } from '../storage/db.js';
import { deleteRows, deletionOrder, groupTables } from './catalog.js';

// Erasing a working group: every row of every table that belongs to it (see catalog.ts), in one
// transaction. The shared documents and their index belong to no group and stay.

export interface Erasure {
  groupId: string;
  /** Rows deleted per table (tables without rows left out). */
  counts: Map<string, number>;
}

export async function eraseGroupIn(tx: Queryable, groupId: string): Promise<Erasure> {
  const counts = new Map<string, number>();
  for (const t of deletionOrder(await groupTables(tx))) {
    const { rows } = await tx.query<{ n: number }>(deleteRows(t), [groupId]);
    if (rows[0].n > 0) counts.set(t.table, rows[0].n);
  }
  return { groupId, counts };
}

export function eraseGroup(db: Db, groupId: string): Promise<Erasure> {
  return db.transaction((tx) => eraseGroupIn(tx, groupId));
}
