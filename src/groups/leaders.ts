import type { Queryable } from '../storage/db.js';
import { listMembers, memberLabel } from './members.js';

/** "Anna (Gemeente Utrecht), Bram" — who can do what only project leaders may; '—' when nobody is yet. */
export async function leadersLabel(db: Queryable, groupId: string): Promise<string> {
  const leaders = (await listMembers(db, groupId)).filter((m) => m.role === 'projectleider');
  return leaders.map(memberLabel).join(', ') || '—';
}
