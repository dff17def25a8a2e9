import type { Activity, ConversationParameters, TurnContext } from 'botbuilder';
import type { Bot } from '../../src/core/bot.js';
import type { Reply } from '../../src/core/types.js';
import type { Place } from './incoming.js';
import { renderReply } from './render.js';

// Sends rendered replies: in the reply chain, as a new top-level post, or as a card updated in place.

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

/** posted_cards key that maps an answer message to its answer id, for the built-in feedback loop. */
export const answerKey = (activityId: string) => `teams-answer:${activityId}`;

export interface Destination {
  place: Place;
  groupId: string;
}

export interface DeliverOptions {
  /** Drop ephemeral replies (e.g. "thanks" after Teams' own feedback dialog, which confirms by itself). */
  skipEphemeral?: boolean;
  /** Called before the first message goes out (stops the typing indicator). */
  beforeSend?: () => void;
}

const statusOf = (err: unknown) => (err as { statusCode?: number } | undefined)?.statusCode;

export class ReplyDeliverer {
  constructor(private readonly bot: Bot) {}

  async deliver(ctx: TurnContext, replies: Reply[], to: Destination, opts: DeliverOptions = {}): Promise<void> {
    for (const reply of replies) {
      if (reply.ephemeral && opts.skipEphemeral) continue;
      opts.beforeSend?.();
      await this.deliverOne(ctx, reply, to);
    }
  }

  private async deliverOne(ctx: TurnContext, reply: Reply, to: Destination): Promise<void> {
    // Teams has no ephemeral messages: those replies are posted like any other.
    const activity = renderReply(reply, { surface: to.place.surface });
    const topLevel = reply.placement === 'channel' && to.place.surface === 'channel';
    const ref = reply.cardKey
      ? await this.postOrUpdateCard(ctx, reply.cardKey, activity, to, topLevel)
      : await this.post(ctx, activity, to, topLevel);
    if (reply.answerId && activity.channelData?.feedbackLoopEnabled && ref) {
      await this.bot.cardPosted(to.groupId, answerKey(ref.activityId), { answerId: reply.answerId, language: reply.language });
    }
  }

  private async post(ctx: TurnContext, activity: Partial<Activity>, to: Destination, topLevel: boolean): Promise<PostedRef | null> {
    if (topLevel) return this.postTopLevel(ctx, activity, to);
    const res = await ctx.sendActivity(activity);
    return res?.id ? { conversationId: ctx.activity.conversation.id, activityId: res.id } : null;
  }

  /** A new post in the channel (its own reply chain), which the bot then follows without mentions. */
  private async postTopLevel(ctx: TurnContext, activity: Partial<Activity>, to: Destination): Promise<PostedRef | null> {
    const channelData = ctx.activity.channelData as { channel?: { id?: string }; tenant?: { id?: string } } | undefined;
    const res = await connectorOf(ctx).conversations.createConversation({
      isGroup: true,
      bot: ctx.activity.recipient,
      channelData: { channel: { id: channelData?.channel?.id ?? to.place.channel } },
      tenantId: to.place.workspace,
      activity: activity as Activity,
    } as ConversationParameters);
    const activityId = res.activityId ?? /;messageid=([^;]+)/.exec(res.id ?? '')?.[1];
    if (!activityId) return null;
    await this.bot.rememberThread(to.groupId, activityId);
    return { conversationId: `${to.place.channel};messageid=${activityId}`, activityId };
  }

  /** A card with a key is updated where it was posted; one deleted in Teams is posted again. */
  private async postOrUpdateCard(
    ctx: TurnContext,
    key: string,
    activity: Partial<Activity>,
    to: Destination,
    topLevel: boolean,
  ): Promise<PostedRef | null> {
    const old = await this.bot.postedCard<PostedRef>(to.groupId, key);
    if (old?.conversationId && old.activityId) {
      try {
        await connectorOf(ctx).conversations.updateActivity(old.conversationId, old.activityId, {
          ...activity,
          id: old.activityId,
          conversation: { id: old.conversationId } as Activity['conversation'],
        });
        return old;
      } catch (err) {
        if (![400, 403, 404].includes(statusOf(err) ?? 0)) throw err;
      }
    }
    const ref = await this.post(ctx, activity, to, topLevel);
    // A top-level card opens a reply chain of its own (a step's checklist is answered there).
    if (ref) await this.bot.cardPosted(to.groupId, key, ref, topLevel ? ref.activityId : undefined);
    return ref;
  }
}

/** The connector client botbuilder put in the turn state (both for incoming and proactive turns). */
function connectorOf(ctx: TurnContext): Connector {
  const client = ctx.turnState.get(ctx.adapter.ConnectorClientKey) as Connector | undefined;
  if (!client) throw new Error('no connector client in the turn state');
  return client;
}

/** Looks up the answer behind a message the built-in feedback dialog refers to. */
export async function answerOfMessage(bot: Bot, groupId: string, activityId: string): Promise<{ answerId: string; language: string } | null> {
  return bot.postedCard<{ answerId: string; language: string }>(groupId, answerKey(activityId));
}
