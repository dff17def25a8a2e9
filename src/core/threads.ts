import type { Queryable } from '../storage/db.js';

// Threads the bot follows: one it answered in, or opened with a top-level post. A follow-up there needs
// no mention. In the database, so every instance knows them. (Event dedup is the jobs table's key.)

export class FollowedThreads {
  constructor(private readonly db: Queryable) {}

  async follow(groupId: string, thread: string): Promise<void> {
    await this.db.query('INSERT INTO bot_threads (group_id, thread) VALUES ($1, $2) ON CONFLICT DO NOTHING', [groupId, thread]);
  }

  async follows(groupId: string, thread: string): Promise<boolean> {
    const { rows } = await this.db.query('SELECT 1 FROM bot_threads WHERE group_id = $1 AND thread = $2', [groupId, thread]);
    return rows.length > 0;
  }
}
