import type { Queryable } from '../storage/db.js';

// A platform's reference to a message that is no card (cards: cards.ts), by group, kind and key: the answer
// behind a posted message (kind 'answer', key = message id), a Slack assistant thread's record. In the
// database, so any instance can find it.

export class MessageRefs {
  constructor(private readonly db: Queryable) {}

  async get<T extends object>(groupId: string, kind: string, key: string): Promise<T | null> {
    const { rows } = await this.db.query<{ ref: T }>('SELECT ref FROM message_refs WHERE group_id = $1 AND kind = $2 AND key = $3', [
      groupId,
      kind,
      key,
    ]);
    return rows[0]?.ref ?? null;
  }

  async put(groupId: string, kind: string, key: string, ref: object): Promise<void> {
    await this.db.query(
      `INSERT INTO message_refs (group_id, kind, key, ref) VALUES ($1, $2, $3, $4)
       ON CONFLICT (group_id, kind, key) DO UPDATE SET ref = EXCLUDED.ref, updated_at = now()`,
      [groupId, kind, key, JSON.stringify(ref)],
    );
  }
}
