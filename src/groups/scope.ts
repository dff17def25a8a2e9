import type { Queryable } from '../storage/db.js';

// Which workspace a channel's working group belongs to. The first group stored for a channel wins, so
// a channel keeps its group when a later payload would suggest another workspace (e.g. a Slack channel
// that became shared, or a payload without the shared flag). The adapter says what a new channel gets.

export class GroupScope {
  /** platform:channel → workspace; a channel never changes group once it has one. */
  private readonly known = new Map<string, string>();

  constructor(private readonly db: Queryable) {}

  async workspaceOf(platform: string, channel: string, fallback: string): Promise<string> {
    const cached = this.known.get(`${platform}:${channel}`);
    if (cached) return cached;
    const { rows } = await this.db.query<{ workspace: string }>(
      'SELECT workspace FROM groups WHERE platform = $1 AND channel = $2 ORDER BY created_at LIMIT 1',
      [platform, channel],
    );
    // Only what is stored is remembered; a new channel's workspace is asked again until the group exists.
    if (rows[0]) this.known.set(`${platform}:${channel}`, rows[0].workspace);
    return rows[0]?.workspace ?? fallback;
  }
}
