import { createHash } from 'node:crypto';
import { Application, type FeedbackLoopData, type TeamsAdapter } from '@microsoft/teams-ai';
import { ActivityTypes, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { Bot } from '../../src/core/bot.js';
import { Delivery } from '../../src/core/delivery.js';
import { actionLanguage, ANSWER_REF, type AnswerRef, FEEDBACK_ACTION, feedbackValue } from '../../src/core/feedback.js';
import { offerGone, shownInstead } from '../../src/core/file-offers.js';
import { detectLanguage, t } from '../../src/core/i18n.js';
import type { IncomingAction, IncomingMessage, Language } from '../../src/core/types.js';
import { groupIdOf } from '../../src/groups/members.js';
import { log } from '../../src/log.js';
import { botRemoved, botReturned } from '../../src/privacy/removal.js';
import { consentAnswer, FILE_CONSENT_INVOKE, fileInfoCard, uploadToConsentedFile } from './consent.js';
import { sharedFiles } from './files.js';
import { mentionsBot, placeOf, submitData, toIncomingAction, toIncomingMessage } from './incoming.js';
import { TeamsPort } from './port.js';
import type { TeamsTarget } from './target.js';
import { startTyping } from './typing.js';

// Teams AI Application routes → core bot. Messages and card submits are recorded in the core's job
// queue before the HTTP response (Teams' acknowledgement) and answered from the job in a proactive turn
// (an answer may take longer than the 15 s Teams waits, and a slow response makes Teams redeliver).
// A redelivery is the same job, so it is dropped. Teams' own feedback dialog and a member's answer to a
// file offer (invokes, which Teams wants answered within seconds) are jobs too.

export interface TurnDeps {
  bot: Bot;
  adapter: TeamsAdapter;
  /** Empty when running unauthenticated (local trial). */
  appId: string;
  /**
   * Local trial with the Agents Playground: wait this long before answering in a channel. Its web client
   * drops a bot message that arrives before it has stored the member's own new post (so a quick step card
   * never showed: issue 21); Teams itself has no such race.
   */
  channelSettleMs?: number;
  /** The client takes no files from a bot (the Agents Playground): files are shown in cards. */
  noFiles?: boolean;
}

/** What a job needs to answer in a proactive turn. */
interface TeamsJob {
  activity: Activity;
  reference: Partial<ConversationReference>;
}

/**
 * The id a delivery is deduplicated on. An activity id is unique only within its conversation (Teams
 * uses millisecond timestamps), so tenant and conversation come first. Edits and deletes reuse the
 * message id, so they add their time and content: a redelivery repeats both, while editing back to an
 * earlier text is a new event.
 */
function eventKey(a: Activity): string {
  const where = `${placeOf(a).workspace}/${a.conversation?.id ?? ''}/`;
  if (a.type === ActivityTypes.Message || a.type === ActivityTypes.Invoke) return `${where}${a.id ?? ''}`;
  const at = a.timestamp ? new Date(a.timestamp).getTime() : '';
  const digest = createHash('sha1')
    .update(`${at}\n${a.text ?? ''}`)
    .digest('hex')
    .slice(0, 12);
  return `${where}${a.type}:${a.id}:${digest}`;
}

/** The working group an activity is for (the job's group key, erased with the group). */
function groupOf(a: Activity): string {
  const place = placeOf(a);
  return groupIdOf({ platform: 'teams', workspace: place.workspace, channel: place.channel });
}

export function createTeamsApplication(deps: TurnDeps): Application {
  const { bot, adapter, appId } = deps;
  const port = new TeamsPort({ localTrial: !appId, offers: bot.offers, noFiles: deps.noFiles });
  const delivery = new Delivery(bot, port);
  const app = new Application({
    adapter,
    botAppId: appId || undefined,
    // Done here per turn: the mention becomes part of the core's text grammar, typing is per turn.
    removeRecipientMention: false,
    startTypingTimer: false,
  });

  /** Records the delivery as a job before the HTTP response; the job answers in a proactive turn. */
  const later = async (context: TurnContext) => {
    const activity = { ...context.activity };
    if (activity.from?.id === activity.recipient?.id || !activity.id) return;
    const job: TeamsJob = { activity, reference: TurnContext.getConversationReference(activity) };
    await bot.jobs.enqueue('teams', eventKey(activity), job, groupOf(activity));
  };

  bot.jobs.handle(
    'teams',
    async (job) => {
      const { activity, reference } = job.payload as TeamsJob;
      if (deps.channelSettleMs && placeOf(activity).surface === 'channel') await new Promise((r) => setTimeout(r, deps.channelSettleMs));
      await adapter.continueConversationAsync(appId, reference, async (ctx) => {
        // The proactive turn starts from a synthetic event; answer as if it were the user's message.
        Object.assign(ctx.activity, activity);
        if (activity.type === ActivityTypes.Invoke && activity.name === FILE_CONSENT_INVOKE) await onFileConsent(ctx);
        else if (activity.type === ActivityTypes.Invoke) await onFeedbackLoop(ctx, { ...activity.value, replyToId: activity.replyToId });
        else await (activity.type === ActivityTypes.Message ? onMessage(ctx) : onChange(ctx));
      });
    },
    // Given up (see core/jobs.ts): the member hears so in the conversation.
    async (job) => {
      const { activity, reference } = (job.payload ?? {}) as Partial<TeamsJob>;
      if (!activity || !reference || activity.type !== ActivityTypes.Message) return;
      await adapter.continueConversationAsync(appId, reference, async (ctx) => {
        Object.assign(ctx.activity, activity);
        const msg = toIncomingMessage(ctx.activity);
        await delivery.deadLetter(target(ctx, msg, detectLanguage(msg.text)), job.streamRef);
      });
    },
  );

  app.activity(ActivityTypes.Message, later);
  app.activity([ActivityTypes.MessageUpdate, ActivityTypes.MessageDelete], later);
  // Teams' own 👍/👎 dialog: recorded like a message, so a redelivered invoke is the same job.
  app.feedbackLoop(later);
  // The member's answer to a FileConsentCard: the upload may take longer than Teams waits for the invoke.
  app.fileConsentAccept(later);
  app.fileConsentDecline(later);
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
    log.child({ platform: 'teams' }).error({ err: err.message }, 'turn failed');
  });

  const target = (ctx: TurnContext, m: IncomingMessage | IncomingAction, language: Language): TeamsTarget => {
    const place = placeOf(ctx.activity);
    return { ctx, place, channel: place.channel, thread: place.thread, userId: m.user.id, groupId: groupIdOf(m), language };
  };

  async function onMessage(ctx: TurnContext): Promise<void> {
    const a = ctx.activity;
    const data = submitData(a);
    if (data) {
      const action = toIncomingAction(a, data);
      await delivery.answer(target(ctx, action, actionLanguage(data.value)), () => bot.handleAction(action));
      return;
    }
    const files = sharedFiles(a);
    const msg = { ...toIncomingMessage(a), ...(files ? { files } : {}) };
    // In channels and group chats Teams may pass on every message (RSC); answer when addressed.
    if (placeOf(a).surface !== 'personal' && !mentionsBot(a) && !(await bot.isBotThread(msg))) {
      // A file shared there is remembered for a later `document toevoegen`.
      if (files) await bot.filesShared(msg);
      return;
    }
    const typing = startTyping(ctx);
    try {
      const to = { ...target(ctx, msg, detectLanguage(msg.text)), beforeSend: typing.stop };
      // Teams streams only in personal chats.
      await delivery.answer(to, () => bot.handle(msg, { stream: placeOf(a).surface === 'personal', io: delivery.io(to) }));
    } finally {
      typing.stop();
    }
  }

  async function onChange(ctx: TurnContext): Promise<void> {
    const msg = toIncomingMessage(ctx.activity);
    await delivery.answer(target(ctx, msg, detectLanguage(msg.text)), () => bot.handle(msg));
  }

  /** Teams' own 👍/👎 dialog (chats): the invoke names the answer message by replyToId. */
  async function onFeedbackLoop(ctx: TurnContext, data: FeedbackLoopData): Promise<void> {
    const a = ctx.activity;
    const place = placeOf(a);
    const groupId = groupIdOf({ platform: 'teams', workspace: place.workspace, channel: place.channel });
    const answer = data.replyToId ? await bot.refs.get<AnswerRef>(groupId, ANSWER_REF, data.replyToId) : null;
    const lang: Language = answer?.language === 'en' ? 'en' : 'nl';
    const vote = data.actionValue?.reaction === 'like' ? 'up' : data.actionValue?.reaction === 'dislike' ? 'down' : null;
    if (!answer || !vote) {
      await ctx.sendActivity(t(lang, 'feedback.unknown'));
      return;
    }
    const comment = feedbackText(data.actionValue.feedback);
    const action: IncomingAction = {
      ...toIncomingAction(a, { action: FEEDBACK_ACTION, value: feedbackValue(answer.answerId, vote, lang) }),
      messageId: data.replyToId,
      ...(comment ? { inputs: { comment } } : {}),
    };
    // Teams confirms the vote in its own dialog; only non-ephemeral replies are worth a message.
    await delivery.answer(target(ctx, action, lang), async () => (await bot.handleAction(action)).filter((r) => !r.ephemeral));
  }

  /**
   * A member answered a file offer (port.ts). The file is given only to the member it was made for, in the
   * conversation it was made in (its group): accepted, it is PUT to the upload URL Teams gave and shown as a
   * file card; declined, or when the upload fails, its content is shown in a card with why.
   */
  async function onFileConsent(ctx: TurnContext): Promise<void> {
    const a = ctx.activity;
    const place = placeOf(a);
    const groupId = groupIdOf({ platform: 'teams', workspace: place.workspace, channel: place.channel });
    const userId = a.from?.id ?? '';
    const language: Language = /^en\b/i.test(a.locale ?? '') ? 'en' : 'nl';
    const to: TeamsTarget = { ctx, place, channel: place.channel, thread: place.thread, userId, groupId, language };
    const answer = consentAnswer(a.value);
    const offer = answer && userId ? await bot.offers.find(groupId, userId, answer.offerId) : null;
    if (!answer || !offer) {
      await delivery.answer(to, async () => [offerGone(language)]);
      return;
    }
    // The consent card is answered: it becomes a line saying what happened, so it cannot be answered twice.
    const closeCard = (key: 'sent' | 'not_sent') =>
      a.replyToId
        ? port
            .update(
              { conversationId: a.conversation?.id, activityId: a.replyToId },
              { text: t(offer.language, `teams.file_consent_${key}`, { name: offer.file.name }), language: offer.language },
              to,
            )
            .catch((err: Error) => log.child({ platform: 'teams' }).warn({ group: groupId, err: err.message }, 'consent card not updated'))
        : undefined;
    if (answer.action === 'accept') {
      let uploaded = false;
      try {
        await uploadToConsentedFile(offer.bytes, answer.upload ?? {}, { localTrial: !appId });
        uploaded = true;
        await ctx.sendActivity({ type: ActivityTypes.Message, attachments: [fileInfoCard(answer.upload ?? {}, offer.file.name)] });
      } catch (err) {
        log
          .child({ platform: 'teams' })
          .warn(
            { group: groupId, uploaded, err: (err as Error).message },
            uploaded ? 'file card not sent' : 'file upload failed; shown in a card',
          );
      }
      // In the member's OneDrive: done, even when the file card could not be shown (the consent card says where it is).
      if (uploaded) {
        await closeCard('sent');
        await bot.offers.drop(groupId, offer.id);
        return;
      }
    }
    await closeCard('not_sent');
    await delivery.answer({ ...to, language: offer.language }, async () => [
      shownInstead(offer, answer.action === 'accept' ? 'failed' : 'declined'),
    ]);
    await bot.offers.drop(groupId, offer.id);
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
