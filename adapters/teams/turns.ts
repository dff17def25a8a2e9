import { createHash } from 'node:crypto';
import { Application, type FeedbackLoopData, type TeamsAdapter } from '@microsoft/teams-ai';
import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import type { Bot } from '../../src/core/bot.js';
import { t } from '../../src/core/i18n.js';
import type { Language } from '../../src/core/types.js';
import { groupIdOf } from '../../src/groups/members.js';
import { botRemoved, botReturned } from '../../src/privacy/removal.js';
import { type Inflight, startTyping } from './background.js';
import { answerOfMessage, ReplyDeliverer, type Destination } from './deliver.js';
import { mentionsBot, placeOf, submitData, toIncomingAction, toIncomingMessage } from './incoming.js';
import { FEEDBACK_ACTION } from './render.js';
import { TeamsStreamPort } from './stream.js';

// Teams AI Application routes → core bot. Messages and card submits are acknowledged at once and
// answered in a proactive turn (an answer may take longer than the 15 s Teams waits for the HTTP
// response, and a slow response makes Teams redeliver). Redeliveries are dropped via bot.claimEvent.

export interface TurnDeps {
  bot: Bot;
  adapter: TeamsAdapter;
  /** Empty when running unauthenticated (local trial). */
  appId: string;
  inflight: Inflight;
}

/**
 * The id a delivery is deduplicated on. Edits and deletes reuse the message id, so they add their
 * time and content: a redelivery repeats both, while editing back to an earlier text is a new event.
 */
function eventKey(a: Activity): string {
  if (a.type === ActivityTypes.Message || a.type === ActivityTypes.Invoke) return a.id ?? '';
  const at = a.timestamp ? new Date(a.timestamp).getTime() : '';
  const digest = createHash('sha1').update(`${at}\n${a.text ?? ''}`).digest('hex').slice(0, 12);
  return `${a.type}:${a.id}:${digest}`;
}

export function createTeamsApplication(deps: TurnDeps): Application {
  const { bot, adapter, appId, inflight } = deps;
  const deliverer = new ReplyDeliverer(bot);
  const streams = new TeamsStreamPort(bot, deliverer);
  const app = new Application({
    adapter,
    botAppId: appId || undefined,
    // Done here per turn: the mention becomes part of the core's text grammar, typing is per turn.
    removeRecipientMention: false,
    startTypingTimer: false,
  });

  /** Claims the delivery, then runs `work` in a proactive turn after the HTTP response. */
  const later = async (context: TurnContext, work: (ctx: TurnContext) => Promise<void>) => {
    const incoming = { ...context.activity };
    if (incoming.from?.id === incoming.recipient?.id) return;
    if (!incoming.id || !(await bot.claimEvent('teams', eventKey(incoming)))) return;
    const reference = TurnContext.getConversationReference(incoming);
    inflight.run(() =>
      adapter.continueConversationAsync(appId, reference, async (ctx) => {
        // The proactive turn starts from a synthetic event; answer as if it were the user's message.
        Object.assign(ctx.activity, incoming);
        await work(ctx);
      }),
    );
  };

  app.activity(ActivityTypes.Message, (context) => later(context, onMessage));
  app.activity([ActivityTypes.MessageUpdate, ActivityTypes.MessageDelete], (context) => later(context, onChange));
  app.feedbackLoop(onFeedbackLoop);
  // The bot removed from (or added back to) a conversation: its group's data is erased after a grace period.
  app.conversationUpdate('membersRemoved', async (context) => {
    const a = context.activity;
    if (!a.membersRemoved?.some((m) => m.id === a.recipient?.id)) return;
    const place = placeOf(a);
    await botRemoved(bot.services, { platform: 'teams', workspaces: [place.workspace], channel: place.channel }, 'teams:bot_removed');
  });
  app.conversationUpdate('membersAdded', async (context) => {
    const a = context.activity;
    if (!a.membersAdded?.some((m) => m.id === a.recipient?.id)) return;
    const place = placeOf(a);
    await botReturned(bot.services, { platform: 'teams', workspace: place.workspace, channel: place.channel });
  });
  app.error(async (_context, err) => {
    console.error('[werktafel] teams: turn failed:', err);
  });

  async function onMessage(ctx: TurnContext): Promise<void> {
    const a = ctx.activity;
    const place = placeOf(a);
    const data = submitData(a);
    if (data) {
      const action = toIncomingAction(a, data);
      const replies = await bot.handleAction(action);
      await deliverer.deliver(ctx, replies, { place, groupId: groupIdOf(action) });
      return;
    }
    const msg = toIncomingMessage(a);
    // In channels and group chats Teams may pass on every message (RSC); answer when addressed.
    if (place.surface !== 'personal' && !mentionsBot(a) && !(await bot.isBotThread(msg))) return;
    const typing = startTyping(ctx);
    try {
      // Teams streams only in personal chats.
      const replies = await bot.handle(msg, { stream: place.surface === 'personal' });
      await streams.deliver(ctx, replies, { place, groupId: groupIdOf(msg) }, { beforeSend: typing.stop });
    } finally {
      typing.stop();
    }
  }

  async function onChange(ctx: TurnContext): Promise<void> {
    const msg = toIncomingMessage(ctx.activity);
    const replies = await bot.handle(msg);
    await deliverer.deliver(ctx, replies, { place: placeOf(ctx.activity), groupId: groupIdOf(msg) });
  }

  /** Teams' own 👍/👎 dialog (chats): the invoke names the answer message by replyToId. */
  async function onFeedbackLoop(ctx: TurnContext, _state: unknown, data: FeedbackLoopData): Promise<void> {
    const a = ctx.activity;
    if (!a.id || !(await bot.claimEvent('teams', eventKey(a)))) return;
    const place = placeOf(a);
    const to: Destination = { place, groupId: groupIdOf({ platform: 'teams', workspace: place.workspace, channel: place.channel }) };
    const answer = data.replyToId ? await answerOfMessage(bot, to.groupId, data.replyToId) : null;
    const lang: Language = answer?.language === 'en' ? 'en' : 'nl';
    const vote = data.actionValue?.reaction === 'like' ? 'up' : data.actionValue?.reaction === 'dislike' ? 'down' : '';
    if (!answer || !vote) {
      await ctx.sendActivity(t(lang, 'feedback.unknown'));
      return;
    }
    const comment = feedbackText(data.actionValue.feedback);
    const replies = await bot.handleAction({
      ...toIncomingAction(a, { action: FEEDBACK_ACTION, value: `${answer.answerId}:${vote}${lang === 'en' ? ':en' : ''}` }),
      messageId: data.replyToId,
      ...(comment ? { inputs: { comment } } : {}),
    });
    // Teams confirms the vote in its own dialog; only non-ephemeral replies are worth a message.
    await deliverer.deliver(ctx, replies, to, { skipEphemeral: true });
  }

  return app;
}

/** The dialog's text arrives as a JSON string {"feedbackText": "..."} (or already parsed). */
export function feedbackText(feedback: unknown): string | undefined {
  let v = feedback;
  if (typeof feedback === 'string') {
    try {
      v = JSON.parse(feedback);
    } catch {
      return feedback.trim() || undefined;
    }
  }
  const text = (v as { feedbackText?: unknown } | null)?.feedbackText;
  return typeof text === 'string' && text.trim() ? text.trim() : undefined;
}
