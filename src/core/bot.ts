import type { ActionContext, CommandContext, Context, Feature, Services } from './feature.js';
import { helpReply } from './builtin.js';
import { CardStore } from './cards.js';
import { ErasedSinceQueued, JobQueue } from './jobs.js';
import { FileOffers } from './file-offers.js';
import { actionLanguage } from './feedback.js';
import { isEnglishWord, splitCommand, stripPrefix, suggestCommand } from './grammar.js';
import { groupIdOf, type Membership } from './group.js';
import { detectLanguage, t } from './i18n.js';
import type { PlatformIO } from './files.js';
import { MessageRefs } from './message-refs.js';
import { Routes } from './routes.js';
import { FollowedThreads } from './threads.js';
import type { IncomingAction, IncomingMessage, Language, Reply } from './types.js';
import { apologise } from './apology.js';
import { cleanAction, cleanMessage } from './control-chars.js';

/** The button under "Bedoel je `voortgang`?": its value is the corrected message, handled as if typed. */
export const SUGGESTION_ACTION = 'command.suggested';
/** Slack allows 2,000 characters in a button value; a longer corrected message gets no button. */
const MAX_SUGGESTION_VALUE = 1900;

export interface BotOptions {
  services: Services;
  features: Feature[];
  /** Members and the group's language, kept by the groups module (src/groups/membership.ts). */
  membership: Membership;
}

/**
 * The channel-agnostic robot: takes neutral messages and actions, returns neutral replies.
 * It keeps no conversation state in memory; everything lives in the database.
 */
export class Bot {
  readonly services: Services;
  readonly features: Feature[];
  readonly cards: CardStore;
  /** Platform references of posted messages that are no card (the answer behind a message, assistant threads). */
  readonly refs: MessageRefs;
  /** Threads where a follow-up needs no mention. */
  readonly threads: FollowedThreads;
  /** Files kept until the member consents to receive them (platforms that ask first, e.g. Teams). */
  readonly offers: FileOffers;
  /** Platform work recorded before its acknowledgement, done at least once by some instance; its key is the one dedup. */
  readonly jobs: JobQueue;
  private readonly membership: Membership;
  private readonly routes: Routes;

  constructor(opts: BotOptions) {
    this.services = opts.services;
    this.cards = new CardStore(opts.services.db);
    this.refs = new MessageRefs(opts.services.db);
    this.threads = new FollowedThreads(opts.services.db);
    this.offers = new FileOffers(opts.services.db);
    this.jobs = new JobQueue(opts.services.db, opts.services.config.jobs);
    this.membership = opts.membership;
    this.features = opts.features;
    // Throws at start-up when two features claim the same command, action or input.
    this.routes = new Routes(this.features, [SUGGESTION_ACTION]);
  }

  /** `stream`: the adapter can show a generated answer while it is written (see core/stream.ts); `io`: what the
   * platform offers while handling this message (file download, posting progress). */
  async handle(incoming: IncomingMessage, opts: { stream?: boolean; io?: PlatformIO } = {}): Promise<Reply[]> {
    const msg = cleanMessage(incoming);
    let lang = detectLanguage(msg.text);
    try {
      const member = await this.membership.touch(msg);
      const groupId = groupIdOf(msg);
      const groupLanguage = await this.membership.learnLanguage(groupId, msg.kind === 'delete' ? '' : msg.text);
      lang = detectLanguage(msg.text, groupLanguage ?? 'nl');
      const ctx: Context = { services: this.services, msg, groupId, lang, member, groupLanguage, canStream: opts.stream, io: opts.io };
      if (msg.kind === 'edit' || msg.kind === 'delete') return (await this.routes.handler('change')?.(ctx)) ?? [];
      if (msg.files?.length) {
        for (const f of this.features) await f.filesShared?.(ctx);
        // The bot mentioned with a file and no words: a feature may take the file (the group's document).
        const files = splitCommand(msg.text).word ? undefined : this.routes.handler('files');
        const taken = await files?.(ctx);
        if (taken) return taken;
      }
      const replies = await this.dispatch(ctx);
      // Follow-ups need no mention in a thread the bot answered in; a card posted in the channel opens its own.
      if (msg.thread && replies.some((r) => r.placement !== 'channel')) await this.threads.follow(ctx.groupId, msg.thread);
      return replies;
    } catch (err) {
      if (err instanceof ErasedSinceQueued) return [];
      return [{ text: this.apology(err, msg, lang, 'message'), language: lang }];
    }
  }

  async handleAction(incoming: IncomingAction): Promise<Reply[]> {
    const action = cleanAction(incoming);
    const lang: Language = actionLanguage(action.value);
    if (action.action === SUGGESTION_ACTION) {
      const { platform, workspace, channel, thread, user } = action;
      return this.handle({ platform, workspace, channel, thread, user, text: action.value });
    }
    try {
      const member = await this.membership.touch(action);
      const ctx: ActionContext = { services: this.services, action, groupId: groupIdOf(action), lang, member };
      const run = this.routes.action(action.action);
      if (!run) return [{ text: t(lang, 'error.unknown_action'), language: lang, ephemeral: true }];
      return await run(ctx);
    } catch (err) {
      if (err instanceof ErasedSinceQueued) return [];
      return [{ text: this.apology(err, action, lang, 'action'), language: lang, ephemeral: true }];
    }
  }

  private apology(err: unknown, where: Pick<IncomingMessage, 'platform' | 'workspace' | 'channel'>, lang: Language, what: string): string {
    return apologise(err, lang, { group: groupIdOf(where), platform: where.platform }, `${what} could not be handled`);
  }

  /**
   * A message with files that was not addressed to the bot (a file shared in the channel): remembered, so
   * `document toevoegen` written later takes it. No reply.
   */
  async filesShared(incoming: IncomingMessage): Promise<void> {
    if (!incoming.files?.length) return;
    const msg = cleanMessage(incoming);
    const member = await this.membership.touch(msg);
    const ctx: Context = { services: this.services, msg, groupId: groupIdOf(msg), lang: detectLanguage(msg.text), member };
    for (const f of this.features) await f.filesShared?.(ctx);
  }

  /** True when the bot already replied in this thread, so a follow-up needs no mention. */
  async isBotThread(msg: Pick<IncomingMessage, 'platform' | 'workspace' | 'channel' | 'thread'>): Promise<boolean> {
    return msg.thread ? this.threads.follows(groupIdOf(msg), msg.thread) : false;
  }

  /** The card of `reply` as it is now: a feature re-renders it from the database; else the reply itself. */
  async latestCard(groupId: string, reply: Reply): Promise<Reply> {
    for (const f of this.features) {
      const fresh = await f.renderCard?.(this.services, groupId, reply.cardKey!, reply.language);
      if (fresh) return { ...fresh, ...(reply.placement ? { placement: reply.placement } : {}) };
    }
    return reply;
  }

  /**
   * An adapter posted a card with a key. The reference is kept in the database so any instance can
   * update the card; a `thread` the new message opens is remembered and offered to the features
   * (the steps feature links it to its run).
   */
  async cardPosted(groupId: string, cardKey: string, platformRef: object, thread?: string): Promise<void> {
    await this.cards.save(groupId, cardKey, platformRef);
    if (!thread) return;
    await this.threads.follow(groupId, thread);
    for (const f of this.features) await f.onCardPosted?.(this.services, groupId, cardKey, thread);
  }

  private async dispatch(ctx: Context): Promise<Reply[]> {
    const { word, args } = splitCommand(ctx.msg.text);
    if (!word) return this.help(ctx.lang);
    const command = this.routes.command(word);
    if (command) {
      // A command word is language-neutral: judge the language on what follows it, else the group's.
      const lang = detectLanguage(args, ctx.groupLanguage ?? (isEnglishWord(word) ? 'en' : 'nl'));
      const cctx: CommandContext = { ...ctx, lang, args, word };
      return command.run(cctx);
    }
    const suggestion = suggestCommand(ctx.msg.text, this.routes.words());
    if (suggestion) return this.suggest(ctx, suggestion);
    const followed = await this.routes.handler('message')?.(ctx);
    if (followed) return followed;
    // One unknown word at the top level (`/werktafel xyz`) is an unknown command, not a question.
    if (!ctx.msg.thread && /^[\p{L}-]+$/u.test(word) && !args) {
      const [help] = this.help(ctx.lang);
      return [{ ...help, text: `${t(ctx.lang, 'command.unknown', { word })}\n\n${help.text}` }];
    }
    // Anything else goes to the one fallback (the question answerer).
    return (await this.routes.handler('fallback')?.(ctx)) ?? this.help(ctx.lang);
  }

  /** "Bedoel je `voortgang`?", with a button that runs the corrected message. */
  private suggest(ctx: Context, suggestion: string): Reply[] {
    const { args } = splitCommand(ctx.msg.text);
    const corrected = [suggestion, args].filter(Boolean).join(' ');
    const lang = ctx.lang;
    const shown = stripPrefix(corrected).length > 60 ? suggestion : corrected;
    return [
      {
        text: t(lang, 'command.did_you_mean', { command: shown }),
        language: lang,
        ...(corrected.length <= MAX_SUGGESTION_VALUE
          ? { buttons: [{ label: shown.slice(0, 70), action: SUGGESTION_ACTION, value: corrected, style: 'primary' as const }] }
          : {}),
      },
    ];
  }

  help(lang: Language): Reply[] {
    return helpReply(this.features, lang);
  }
}
