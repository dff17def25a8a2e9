import type { ActionContext, Command, CommandContext, Context, Feature, Services } from './feature.js';
import { helpReply } from './builtin.js';
import { CardStore } from './cards.js';
import { ErasedSinceQueued, JobQueue } from './jobs.js';
import { actionLanguage } from './feedback.js';
import { splitCommand, stripPrefix, suggestCommand } from './grammar.js';
import { detectLanguage, t } from './i18n.js';
import type { PlatformIO } from './files.js';
import type { IncomingAction, IncomingMessage, Language, Reply } from './types.js';
import { rememberFiles } from '../documents/shared-files.js';
import { learnLanguage } from '../groups/language.js';
import { groupIdOf, touchMember } from '../groups/members.js';
import { apologise } from './apology.js';
import { cleanAction, cleanMessage } from './control-chars.js';

/** The button under "Bedoel je `voortgang`?": its value is the corrected message, handled as if typed. */
export const SUGGESTION_ACTION = 'command.suggested';
/** Slack allows 2,000 characters in a button value; a longer corrected message gets no button. */
const MAX_SUGGESTION_VALUE = 1900;

export interface BotOptions {
  services: Services;
  features: Feature[];
}

/**
 * The channel-agnostic robot: takes neutral messages and actions, returns neutral replies.
 * It keeps no conversation state in memory; everything lives in the database.
 */
export class Bot {
  readonly services: Services;
  readonly features: Feature[];
  readonly cards: CardStore;
  /** Platform work recorded before its acknowledgement, done at least once by some instance. */
  readonly jobs: JobQueue;
  private readonly commands = new Map<string, Command>();

  constructor(opts: BotOptions) {
    this.services = opts.services;
    this.cards = new CardStore(opts.services.db);
    this.jobs = new JobQueue(opts.services.db, opts.services.config.jobs);
    this.features = opts.features;
    for (const f of this.features) {
      for (const c of f.commands ?? []) {
        for (const word of [c.name, ...c.aliases, ...c.en]) {
          const key = word.toLowerCase();
          if (this.commands.has(key)) throw new Error(`Command word '${key}' is registered twice`);
          this.commands.set(key, c);
        }
      }
    }
  }

  /** `stream`: the adapter can show a generated answer while it is written (see core/stream.ts); `io`: what the
   * platform offers while handling this message (file download, posting progress). */
  async handle(incoming: IncomingMessage, opts: { stream?: boolean; io?: PlatformIO } = {}): Promise<Reply[]> {
    const msg = cleanMessage(incoming);
    let lang = detectLanguage(msg.text);
    try {
      const member = await touchMember(this.services.db, msg);
      const groupId = groupIdOf(msg);
      const groupLanguage = await learnLanguage(this.services.db, groupId, msg.kind === 'delete' ? '' : msg.text);
      lang = detectLanguage(msg.text, groupLanguage ?? 'nl');
      const ctx: Context = { services: this.services, msg, groupId, lang, member, groupLanguage, canStream: opts.stream, io: opts.io };
      if (msg.files?.length && msg.kind !== 'edit' && msg.kind !== 'delete') {
        await rememberFiles(this.services.db, msg);
        // The bot mentioned with a file and no words: add it as the group's document.
        const add = this.commands.get('document');
        if (!splitCommand(msg.text).word && add) return await add.run({ ...ctx, args: 'toevoegen', word: 'document' });
      }
      if (msg.kind === 'edit' || msg.kind === 'delete') return await this.messageChanged(ctx);
      const replies = await this.dispatch(ctx);
      // Follow-ups need no mention in a thread the bot answered in; a card posted in the channel opens its own.
      if (msg.thread && replies.some((r) => r.placement !== 'channel')) await this.rememberThread(ctx.groupId, msg.thread);
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
      const member = await touchMember(this.services.db, action);
      const ctx: ActionContext = { services: this.services, action, groupId: groupIdOf(action), lang, member };
      const feature = this.features.find((f) => f.actionPrefix && action.action.startsWith(`${f.actionPrefix}.`));
      if (!feature?.onAction) return [{ text: t(lang, 'error.unknown_action'), language: lang, ephemeral: true }];
      return await feature.onAction(ctx);
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
    await touchMember(this.services.db, msg);
    await rememberFiles(this.services.db, msg);
  }

  /** True when the bot already replied in this thread, so a follow-up needs no mention. */
  async isBotThread(msg: Pick<IncomingMessage, 'platform' | 'workspace' | 'channel' | 'thread'>): Promise<boolean> {
    if (!msg.thread) return false;
    const { rows } = await this.services.db.query('SELECT 1 FROM bot_threads WHERE group_id = $1 AND thread = $2', [
      groupIdOf(msg),
      msg.thread,
    ]);
    return rows.length > 0;
  }

  /** A thread the bot answered in or opened with a top-level post: follow-ups there need no mention. */
  async rememberThread(groupId: string, thread: string): Promise<void> {
    await this.services.db.query(
      'INSERT INTO bot_threads (group_id, thread) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [groupId, thread],
    );
  }

  /** Where a card that is updated in place was posted (the adapter's own reference), or null. */
  async postedCard<T extends object>(groupId: string, cardKey: string): Promise<T | null> {
    return this.cards.ref<T>(groupId, cardKey);
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
    await this.rememberThread(groupId, thread);
    for (const f of this.features) await f.onCardPosted?.(this.services, groupId, cardKey, thread);
  }

  /**
   * Claims a platform event id; false when another instance (or an earlier delivery) already did.
   * Backed by a primary key, so it holds across instances sharing one database.
   */
  async claimEvent(platform: string, eventId: string): Promise<boolean> {
    const { rows } = await this.services.db.query(
      'INSERT INTO processed_events (platform, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
      [platform, eventId],
    );
    return rows.length > 0;
  }

  private async dispatch(ctx: Context): Promise<Reply[]> {
    const { word, args } = splitCommand(ctx.msg.text);
    if (!word) return this.help(ctx.lang);
    const command = this.commands.get(word);
    if (command) {
      // A command word is language-neutral: judge the language on what follows it, else the group's.
      const lang = detectLanguage(args, ctx.groupLanguage ?? (command.en.includes(word) ? 'en' : 'nl'));
      const cctx: CommandContext = { ...ctx, lang, args, word };
      return command.run(cctx);
    }
    const suggestion = suggestCommand(ctx.msg.text, this.commands.keys());
    if (suggestion) return this.suggest(ctx, suggestion);
    for (const f of this.features) {
      const r = await f.onThreadMessage?.(ctx);
      if (r) return r;
    }
    // One unknown word at the top level (`/werktafel xyz`) is an unknown command, not a question.
    if (!ctx.msg.thread && /^[\p{L}-]+$/u.test(word) && !args) {
      const [help] = this.help(ctx.lang);
      return [{ ...help, text: `${t(ctx.lang, 'command.unknown', { word })}\n\n${help.text}` }];
    }
    // Anything else is a question.
    const ask = this.commands.get('vraag');
    if (!ask) return this.help(ctx.lang);
    return ask.run({ ...ctx, args: ctx.msg.text.trim(), word: 'vraag' });
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
        ...(corrected.length <= MAX_SUGGESTION_VALUE ? { buttons: [{ label: shown.slice(0, 70), action: SUGGESTION_ACTION, value: corrected, style: 'primary' as const }] } : {}),
      },
    ];
  }

  private async messageChanged(ctx: Context): Promise<Reply[]> {
    for (const f of this.features) {
      const r = await f.onMessageChange?.(ctx);
      if (r) return r;
    }
    return [];
  }

  help(lang: Language): Reply[] {
    return helpReply(this.features, lang);
  }
}

