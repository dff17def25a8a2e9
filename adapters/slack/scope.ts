import type { Queryable } from '../../src/storage/db.js';

// Which "workspace" a Slack channel belongs to, so that group id = slack:<workspace>:<channel>.
//
// Slack Connect channels are shared by several organisations' workspaces but keep one channel id,
// so they are one working group: their workspace is the constant 'shared'. Other channels use the
// Enterprise Grid org id when there is one (org-wide channels span workspaces), else the team id.
// The first group stored for a channel wins: a channel that becomes shared later, or a payload
// without the shared flag (slash commands, button presses), keeps the group it already has.

export interface ScopeHint {
  team?: string | null;
  enterprise?: string | null;
  /** Events API envelope flag `is_ext_shared_channel`. */
  shared?: boolean;
}

export const SHARED_WORKSPACE = 'shared';

export class ChannelScope {
  /** channel id → workspace; a channel never changes group once it has one. */
  private readonly known = new Map<string, string>();

  constructor(private readonly db: Queryable) {}

  async workspaceOf(channel: string, hint: ScopeHint): Promise<string> {
    const cached = this.known.get(channel);
    if (cached) return cached;
    const { rows } = await this.db.query<{ workspace: string }>(
      `SELECT workspace FROM groups WHERE platform = 'slack' AND channel = $1 ORDER BY created_at LIMIT 1`,
      [channel],
    );
    const workspace = rows[0]?.workspace ?? (hint.shared ? SHARED_WORKSPACE : hint.enterprise || hint.team || 'unknown');
    // Only remember what is stored; a guess is recomputed until the core creates the group.
    if (rows[0]) this.known.set(channel, workspace);
    return workspace;
  }
}

/** The scope hint of an Events API envelope. */
export function envelopeHint(body: { team_id?: string; enterprise_id?: string; is_ext_shared_channel?: boolean }): ScopeHint {
  return { team: body.team_id, enterprise: body.enterprise_id, shared: body.is_ext_shared_channel === true };
}
