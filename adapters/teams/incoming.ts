import type { Activity, Entity } from 'botbuilder';
import type { IncomingAction, IncomingMessage } from '../../src/core/types.js';

// Bot Framework activity → core message or action. Pure functions: no network, no database.

export type Surface = 'personal' | 'groupChat' | 'channel';

/** Where an activity came from, in the terms the core and the delivery need. */
export interface Place {
  surface: Surface;
  /** Tenant id (the core's "workspace"). */
  workspace: string;
  /** Conversation id without the ";messageid=" suffix: one group per channel or chat. */
  channel: string;
  /** Reply-chain root in a channel; undefined in chats. */
  thread?: string;
}

export function surfaceOf(a: Partial<Activity>): Surface {
  const type = a.conversation?.conversationType;
  if (type === 'channel') return 'channel';
  if (type === 'groupChat' || (type !== 'personal' && a.conversation?.isGroup)) return 'groupChat';
  return 'personal';
}

export function placeOf(a: Partial<Activity>): Place {
  const [channel, ...rest] = (a.conversation?.id ?? '').split(';');
  const messageId = rest.map((p) => /^messageid=(.+)$/.exec(p)?.[1]).find(Boolean);
  const surface = surfaceOf(a);
  const tenant = a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  return {
    surface,
    workspace: tenant || 'unknown-tenant',
    channel,
    // A new post in a channel arrives without (or with its own) messageid: it roots its own chain.
    thread: surface === 'channel' ? (messageId ?? a.replyToId ?? a.id) : undefined,
  };
}

interface MentionEntity extends Entity {
  type: 'mention';
  mentioned: { id: string; name?: string };
  text?: string;
}

const isMention = (e: Entity): e is MentionEntity => e.type === 'mention' && typeof (e as MentionEntity).mentioned?.id === 'string';

/** True when the activity @mentions its recipient (the bot). */
export function mentionsBot(a: Partial<Activity>): boolean {
  return (a.entities ?? []).some((e) => isMention(e) && e.mentioned.id === a.recipient?.id);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Teams sends a little HTML (<p>, <br>, &nbsp;) in message text; the core wants plain text. */
function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_, e: string) => ENTITIES[e]);
}

/**
 * The message text without the bot's <at>mention</at>, other people's mentions in neutral
 * form <@userId|Name>. User ids are Teams user ids (29:…), the same ids `from.id` carries,
 * so a mention and that person's own messages name the same member.
 */
export function neutralText(a: Partial<Activity>): string {
  let text = a.text ?? '';
  const swaps: string[] = [];
  for (const m of (a.entities ?? []).filter(isMention)) {
    const tag = m.text ?? `<at>${m.mentioned.name ?? ''}</at>`;
    if (!text.includes(tag)) continue;
    const neutral = m.mentioned.id === a.recipient?.id ? '' : `<@${m.mentioned.id}|${m.mentioned.name ?? stripAt(tag)}>`;
    // A placeholder survives the HTML clean-up below; the neutral form would not.
    text = text.replace(tag, `\u0000${swaps.push(neutral) - 1}\u0000`);
  }
  text = htmlToText(text).replace(/\u0000(\d+)\u0000/g, (_, i: string) => swaps[Number(i)]);
  return text
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

const stripAt = (tag: string) => tag.replace(/<\/?at>/g, '');

function userOf(a: Partial<Activity>): { id: string; name?: string } {
  return { id: a.from?.id ?? 'unknown-user', ...(a.from?.name ? { name: a.from.name } : {}) };
}

/** A user message; `kind` follows Teams' messageUpdate / messageDelete events. */
export function toIncomingMessage(a: Partial<Activity>): IncomingMessage {
  const place = placeOf(a);
  const kind = a.type === 'messageUpdate' ? 'edit' : a.type === 'messageDelete' ? 'delete' : 'message';
  return {
    platform: 'teams',
    workspace: place.workspace,
    channel: place.channel,
    ...(place.thread ? { thread: place.thread } : {}),
    messageId: a.id,
    user: userOf(a),
    text: kind === 'delete' ? '' : neutralText(a),
    ...(kind !== 'message' ? { kind } : {}),
    isDirect: place.surface === 'personal',
  };
}

/** Card submits carry the button's {action, value} plus the card's inputs in `activity.value`. */
export interface SubmitData {
  action: string;
  value: string;
  inputs?: Record<string, string>;
}

export function submitData(a: Partial<Activity>): SubmitData | null {
  const v = a.value as Record<string, unknown> | undefined;
  if (!v || typeof v !== 'object' || typeof v.action !== 'string') return null;
  const inputs: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (k !== 'action' && k !== 'value' && k !== 'msteams' && typeof val === 'string') inputs[k] = val;
  }
  return {
    action: v.action,
    value: typeof v.value === 'string' ? v.value : '',
    ...(Object.keys(inputs).length ? { inputs } : {}),
  };
}

export function toIncomingAction(a: Partial<Activity>, data: SubmitData): IncomingAction {
  const place = placeOf(a);
  return {
    platform: 'teams',
    workspace: place.workspace,
    channel: place.channel,
    ...(place.thread ? { thread: place.thread } : {}),
    // The card the button sits on.
    messageId: a.replyToId ?? a.id,
    user: userOf(a),
    action: data.action,
    value: data.value,
    ...(data.inputs ? { inputs: data.inputs } : {}),
  };
}
