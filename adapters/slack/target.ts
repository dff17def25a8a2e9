import type { Target } from '../../src/core/port.js';

// Where a Slack reply goes and what a failed Web API call said; shared by the port and the answer stream.

export interface SlackTarget extends Target {
  /** Slash commands: where to answer when the bot is not a member of the channel. */
  responseUrl?: string;
  /** Team of the asking user: Slack needs it (with the user) to stream outside a direct message. */
  team?: string;
}

/** The Slack error code of a failed Web API call (`not_in_channel`, `message_not_found`, ...). */
export function slackErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}
