// Which "workspace" a Slack channel belongs to, so that group id = slack:<workspace>:<channel>.
//
// Slack Connect channels are shared by several organisations' workspaces but keep one channel id,
// so they are one working group: their workspace is the constant 'shared'. Other channels use the
// Enterprise Grid org id when there is one (org-wide channels span workspaces), else the team id.
// A channel that already has a group keeps it (the core's GroupScope looks that up).

export interface ScopeHint {
  team?: string | null;
  enterprise?: string | null;
  /** Events API envelope flag `is_ext_shared_channel`. */
  shared?: boolean;
}

export const SHARED_WORKSPACE = 'shared';

/** The workspace a channel without a group yet gets. */
export function workspaceHint(hint: ScopeHint): string {
  return hint.shared ? SHARED_WORKSPACE : hint.enterprise || hint.team || 'unknown';
}

/** The scope hint of an Events API envelope. */
export function envelopeHint(body: { team_id?: string; enterprise_id?: string; is_ext_shared_channel?: boolean }): ScopeHint {
  return { team: body.team_id, enterprise: body.enterprise_id, shared: body.is_ext_shared_channel === true };
}
