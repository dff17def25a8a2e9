import { randomUUID } from 'node:crypto';
import type { ScopeHint } from './scope.js';
import { envelopeHint } from './scope.js';

// What the adapter reads from a Slack delivery before it is acknowledged (no Web API call): the key a
// retry or replay repeats, and the place it concerns, for the job's group key and, should the job be
// given up, the message to the member.

/** Where a delivery was written and by whom; null for deliveries about no channel (e.g. app_uninstalled). */
export interface DeliveryPlace {
  channel: string;
  /** Thread a reply goes into. */
  thread?: string;
  user?: string;
  hint: ScopeHint;
  text: string;
  /** Slash commands: where to answer when the bot is not in the channel. */
  responseUrl?: string;
}

type Body = Record<string, any>;

/**
 * Events are redelivered with their event id; a slash command carries a trigger id, so a replayed
 * signed request is the same job as the first (Slack itself does not retry slash commands).
 */
export function deliveryKey(body: Body): string {
  if (typeof body.event_id === 'string' && body.event_id) return body.event_id;
  if (typeof body.command === 'string' && typeof body.trigger_id === 'string' && body.trigger_id) return `trigger:${body.trigger_id}`;
  return randomUUID();
}

export function deliveryPlace(body: Body): DeliveryPlace | null {
  if (body.type === 'event_callback') {
    const e = (body.event ?? {}) as Body;
    const m = (e.message ?? e) as Body;
    if (typeof e.channel !== 'string') return null;
    const direct = e.channel.startsWith('D');
    return {
      channel: e.channel,
      thread: m.thread_ts ?? (direct ? undefined : m.ts),
      user: m.user,
      hint: envelopeHint(body),
      text: typeof m.text === 'string' ? m.text : '',
    };
  }
  if (typeof body.command === 'string' && typeof body.channel_id === 'string') {
    return {
      channel: body.channel_id,
      user: body.user_id,
      hint: { team: body.team_id, enterprise: body.enterprise_id },
      text: typeof body.text === 'string' ? body.text : '',
      responseUrl: body.response_url,
    };
  }
  if (body.type === 'block_actions' && typeof body.channel?.id === 'string') {
    return {
      channel: body.channel.id,
      thread: body.message?.thread_ts ?? body.message?.ts,
      user: body.user?.id,
      hint: { team: body.team?.id, enterprise: body.enterprise?.id },
      text: '',
    };
  }
  return null;
}
