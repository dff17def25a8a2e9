import type { Queryable } from '../storage/db.js';
import { leaning } from '../core/i18n.js';
import type { Language } from '../core/types.js';

// The language a working group works in: the majority of its messages that clearly lean one way.
// Kept in the database (not in memory), so every instance answers the group alike.

/** Counts the message when it leans, and returns the group's language (null before any leaning message). */
export async function learnLanguage(db: Queryable, groupId: string, text: string): Promise<Language | null> {
  const lean = leaning(text);
  const { rows } = await db.query<{ nl_messages: number; en_messages: number }>(
    `UPDATE groups SET nl_messages = nl_messages + $2, en_messages = en_messages + $3 WHERE id = $1
     RETURNING nl_messages, en_messages`,
    [groupId, lean === 'nl' ? 1 : 0, lean === 'en' ? 1 : 0],
  );
  const r = rows[0];
  if (!r || r.nl_messages + r.en_messages === 0) return null;
  return r.en_messages > r.nl_messages ? 'en' : 'nl';
}
