import type { IncomingMessage, SharedFile } from '../core/types.js';
import { groupIdOf } from '../groups/members.js';
import type { Queryable } from '../storage/db.js';

// Files members shared in a group's channel (metadata and the platform's reference, not the file), so
// `document toevoegen` written after sharing a file takes that file.

/** Shared files are kept this long for `document toevoegen` to pick up; older ones are pruned. */
export const SHARED_FILE_DAYS = 7;

export async function rememberFiles(db: Queryable, msg: IncomingMessage): Promise<void> {
  for (const file of msg.files ?? []) {
    await db.query('INSERT INTO shared_files (group_id, user_id, thread, file) VALUES ($1, $2, $3, $4)', [
      groupIdOf(msg),
      msg.user.id,
      msg.thread ?? null,
      JSON.stringify(file),
    ]);
  }
}

/** The latest file the member shared in the group recently: in this thread if there is one there, else anywhere. */
export async function latestFile(db: Queryable, groupId: string, userId: string, thread?: string): Promise<SharedFile | null> {
  const { rows } = await db.query<{ file: SharedFile }>(
    `SELECT file FROM shared_files
     WHERE group_id = $1 AND user_id = $2 AND shared_at > now() - $4 * interval '1 day'
     ORDER BY (thread IS NOT DISTINCT FROM $3) DESC, shared_at DESC, id DESC LIMIT 1`,
    [groupId, userId, thread ?? null, SHARED_FILE_DAYS],
  );
  return rows[0]?.file ?? null;
}
