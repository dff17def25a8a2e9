import type { ActionContext, Command, CommandContext, Context, Feature, Services } from './feature.js';
import { helpReply } from './builtin.js';
import { CardStore } from './cards.js';
import { JobQueue } from './jobs.js';
import { actionLanguage } from './feedback.js';
import { splitCommand } from './grammar.js';
import { detectLanguage, t } from './i18n.js';
import type { IncomingAction, IncomingMessage, Language, Reply } from './types.js';
import { groupIdOf, touchMember } from '../groups/members.js';
import { errorRef, log } from '../log.js';

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

  async handle(msg: IncomingMessage): Promise<Reply[]> {
    const lang = detectLanguage(msg.text);
    try {
      const member = await touchMember(this.services.db, msg);
      const ctx: Context = { services: this.services, msg, groupId: groupIdOf(msg), lang, member };
      if (msg.kind === 'edit' || msg.kind === 'delete') return await this.messageChanged(ctx);
      const replies = await this.dispatch(ctx);
      // Follow-ups need no mention in a thread the bot answered in; a card posted in the channel opens its own.
      if (msg.thread && replies.some((r) => r.placement !== 'channel')) await this.rememberThread(ctx.groupId, msg.thread);
      return replies;
    } catch (err) {
      log.child({ group: groupIdOf(msg), platform: msg.platform }).error({ err: (err as Error).message, ref: errorRef() }, 'error while handling a message');
      return [{ text: t(lang, 'error.generic'), language: lang }];
    }
  }

  async handleAction(action: IncomingAction): Promise<Reply[]> {
    const lang: Language = actionLanguage(action.value);
    try {
      const member = await touchMember(this.services.db, action);
      const ctx: ActionContext = { services: this.services, action, groupId: groupIdOf(action), lang, member };
      const feature = this.features.find((f) => f.actionPrefix && action.action.startsWith(`${f.actionPrefix}.`));
      if (!feature?.onAction) return [{ text: t(lang, 'error.unknown_action'), language: lang, ephemeral: true }];
      return await feature.onAction(ctx);
    } catch (err) {
      log.child({ group: groupIdOf(action), platform: action.platform }).error({ err: (err as Error).message, ref: errorRef() }, 'error while handling an action');
      return [{ text: t(lang, 'error.generic'), language: lang, ephemeral: true }];
    }
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
      // A command word is language-neutral: judge the language on what follows it.
      const lang = detectLanguage(args, command.en.includes(word) ? 'en' : 'nl');
      const cctx: CommandContext = { ...ctx, lang, args, word };
      return command.run(cctx);
    }
    if (ctx.msg.thread) {
      for (const f of this.features) {
        const r = await f.onThreadMessage?.(ctx);
        if (r) return r;
      }
    }
    // Anything else is a question.
    const ask = this.commands.get('vraag');
    if (!ask) return this.help(ctx.lang);
    return ask.run({ ...ctx, args: ctx.msg.text.trim(), word: 'vraag' });
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

