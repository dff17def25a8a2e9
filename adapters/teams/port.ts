import type { Activity, ConversationParameters, TurnContext } from 'botbuilder';
import type { FileOffers } from '../../src/core/file-offers.js';
import type { Port, Posted } from '../../src/core/port.js';
import type { Reply, ReplyStream, SharedFile } from '../../src/core/types.js';
import { consentCard } from './consent.js';
import { downloadTeamsFile } from './files.js';
import { renderReply } from './render.js';
import { streamAnswer } from './stream.js';
import type { TeamsTarget } from './target.js';

// The core's port on the Bot Framework connector: post in the reply chain or as a new top-level post,
// update a card in place. A file goes with its message: in a personal chat whose client takes files, as
// Teams' FileConsentCard (the file kept by the core until the member answers, see turns.ts); elsewhere
// (channels, group chats, the Agents Playground) its content is rendered in a card (renderReply).

/** The part of botframework-connector's ConnectorClient this module uses. */
interface Connector {
  conversations: {
    createConversation(p: ConversationParameters): Promise<{ id?: string; activityId?: string }>;
    updateActivity(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<unknown>;
  };
}

/** Where a card or answer was posted; stored in posted_cards.platform_ref so any instance can find it. */
export interface PostedRef {
  conversationId: string;
  activityId: string;
}

const statusOf = (err: unknown) => (err as { statusCode?: number } | undefined)?.statusCode;

export class TeamsPort implements Port<TeamsTarget> {
  readonly platform = 'teams' as const;

  /**
   * `localTrial`: running without an app id (the local trial), where files may come from (and go to) loopback.
   * `offers`: where a file waits for the member's consent; without it (or with `noFiles`: the Agents Playground,
   * whose client takes no files) every file is shown in a card.
   */
  constructor(private readonly opts: { localTrial: boolean; offers?: FileOffers; noFiles?: boolean } = { localTrial: false }) {}

  /** Teams lets a bot send files only in a personal chat, and only after the member consents. */
  private offersFiles(reply: Reply, to: TeamsTarget): boolean {
    return Boolean(reply.file && !reply.file.inline && this.opts.offers && !this.opts.noFiles && to.place.surface === 'personal');
  }

  async post(reply: Reply, to: TeamsTarget): Promise<Posted | null> {
    to.beforeSend?.();
    const offer = this.offersFiles(reply, to) ? await this.opts.offers!.hold(to.groupId, to.userId, reply.language, reply.file!) : null;
    // Teams has no ephemeral messages: those replies are posted like any other.
    const activity = renderReply(offer ? { ...reply, file: undefined } : reply, { surface: to.place.surface });
    if (offer) activity.attachments = [...(activity.attachments ?? []), consentCard(offer)];
    // In a channel every message has a reply chain; one without is a new post in the channel.
    if (to.place.surface === 'channel' && !to.thread) return this.postTopLevel(activity, to);
    const res = await to.ctx.sendActivity(activity);
    return res?.id
      ? { ref: { conversationId: to.ctx.activity.conversation.id, activityId: res.id } satisfies PostedRef, messageId: res.id }
      : null;
  }

  /** A new post in the channel: its own reply chain, which the bot then follows without mentions. */
  private async postTopLevel(activity: Partial<Activity>, to: TeamsTarget): Promise<Posted | null> {
    const { ctx, place } = to;
    const channelData = ctx.activity.channelData as { channel?: { id?: string } } | undefined;
    const res = await connectorOf(ctx).conversations.createConversation({
      isGroup: true,
      bot: ctx.activity.recipient,
      channelData: { channel: { id: channelData?.channel?.id ?? place.channel } },
      tenantId: place.workspace,
      activity: activity as Activity,
    });
    const activityId = res.activityId ?? /;messageid=([^;]+)/.exec(res.id ?? '')?.[1];
    if (!activityId) return null;
    return {
      ref: { conversationId: `${place.channel};messageid=${activityId}`, activityId } satisfies PostedRef,
      messageId: activityId,
      opened: activityId,
    };
  }

  stream(reply: Reply & { stream: ReplyStream }, to: TeamsTarget, started?: (ref: object) => Promise<void>): Promise<Posted | null> {
    return streamAnswer(reply, to, started);
  }

  download(file: SharedFile): Promise<Uint8Array> {
    return downloadTeamsFile(file, this.opts);
  }

  async update(ref: object, reply: Reply, to: TeamsTarget): Promise<boolean> {
    const { conversationId, activityId } = ref as PostedRef;
    if (!conversationId || !activityId) return false;
    try {
      await connectorOf(to.ctx).conversations.updateActivity(conversationId, activityId, {
        // An update replaces the message: a card updated to a text note (a card that moved) loses its card.
        attachments: [],
        ...renderReply(reply, { surface: to.place.surface }),
        id: activityId,
        conversation: { id: conversationId } as Activity['conversation'],
      });
      return true;
    } catch (err) {
      if ([400, 403, 404].includes(statusOf(err) ?? 0)) return false;
      throw err;
    }
  }
}

/** The connector client botbuilder put in the turn state (both for incoming and proactive turns). */
function connectorOf(ctx: TurnContext): Connector {
  const client = ctx.turnState.get<Connector | undefined>(ctx.adapter.ConnectorClientKey);
  if (!client) throw new Error('no connector client in the turn state');
  return client;
}
