import type { Queryable } from '../storage/db.js';

// Cards updated in place: where each was posted (the adapter's own reference) and its render revision.

export class CardStore {
  constructor(private readonly db: Queryable) {}

  async ref<T extends object>(groupId: string, cardKey: string): Promise<T | null> {
    const { rows } = await this.db.query<{ platform_ref: T }>(
      'SELECT platform_ref FROM posted_cards WHERE group_id = $1 AND card_key = $2',
      [groupId, cardKey],
    );
    return rows[0]?.platform_ref ?? null;
  }

  /**
   * The card now lives in this message. Moving it takes a revision, so an update of the old message that is
   * under way renders again and goes to the new one (see delivery.ts).
   */
  async save(groupId: string, cardKey: string, platformRef: object): Promise<void> {
    await this.db.query(
      `INSERT INTO posted_cards (group_id, card_key, platform_ref) VALUES ($1, $2, $3)
       ON CONFLICT (group_id, card_key)
       DO UPDATE SET platform_ref = EXCLUDED.platform_ref, revision = posted_cards.revision + 1, updated_at = now()`,
      [groupId, cardKey, JSON.stringify(platformRef)],
    );
  }

  /** Takes the next revision of a posted card (null: not posted yet). */
  async take<T extends object>(groupId: string, cardKey: string): Promise<{ ref: T; revision: number } | null> {
    const { rows } = await this.db.query<{ platform_ref: T; revision: string }>(
      `UPDATE posted_cards SET revision = revision + 1, updated_at = now() WHERE group_id = $1 AND card_key = $2
       RETURNING platform_ref, revision`,
      [groupId, cardKey],
    );
    return rows[0] ? { ref: rows[0].platform_ref, revision: Number(rows[0].revision) } : null;
  }

  async revision(groupId: string, cardKey: string): Promise<number | null> {
    const { rows } = await this.db.query<{ revision: string }>('SELECT revision FROM posted_cards WHERE group_id = $1 AND card_key = $2', [
      groupId,
      cardKey,
    ]);
    return rows[0] ? Number(rows[0].revision) : null;
  }
}
