import { log } from '../log.js';
import { apologise } from './apology.js';
import type { Bot } from './bot.js';
import { ANSWER_REF, type AnswerRef } from './feedback.js';
import { t } from './i18n.js';
import { currentJob } from './jobs.js';
import type { PlatformIO } from './files.js';
import type { Port, Posted, Target } from './port.js';
import { isStreaming } from './stream.js';
import type { Reply, ReplyStream } from './types.js';

// Everything around a platform's post/update/upload: where a reply goes (thread or channel), cards
// updated in place with revisions, threads the bot follows, the answer behind a posted message, files,
// the apology when work fails, and checkpoints so a retried job posts only what was not posted yet.

/** A card update overtaken by a newer render is redone; more than this many rounds means constant change. */
const CARD_ROUNDS = 5;

export class Delivery<T extends Target> {
  constructor(
    private readonly bot: Bot,
    private readonly port: Port<T>,
  ) {}

  /**
   * Computes the replies (once per job: a retry reuses the stored ones) and posts those not posted yet.
   * A failure is logged with a reference and answered with a short apology; it is not rethrown.
   */
  async answer(to: T, compute: () => Promise<Reply[]>): Promise<void> {
    const job = currentJob();
    try {
      let replies = job?.job.replies ?? null;
      // An answer still being written cannot be stored; it is stored once it is final.
      const store = async () => (replies!.some(isStreaming) ? undefined : job?.saveReplies(replies!));
      if (!replies) {
        replies = await compute();
        await store();
      }
      for (let i = job?.job.posted ?? 0; i < replies.length; i++) {
        const reply = replies[i];
        if (isStreaming(reply)) {
          // An earlier attempt died while this answer was being written: finish that message, not a second one.
          const interrupted = job?.job.streamRef;
          replies[i] = interrupted
            ? await this.finishInterrupted(reply, to, interrupted)
            : await this.deliverStream(reply, to, job?.saveStreamRef);
          await store();
          if (job?.job.streamRef) await job.saveStreamRef(null);
        } else await this.deliverOne(reply, to);
        await job?.markPosted(i + 1);
      }
    } catch (err) {
      await this.apologise(err, to);
    }
  }

  /**
   * What the core may use while it computes the replies for `to`: the port's file download, and posting a
   * reply at once (progress on a long job, before the final replies).
   */
  io(to: T): PlatformIO {
    return {
      download: async (file) => {
        if (!this.port.download) throw new Error(`${this.port.platform}: no file download`);
        return this.port.download(file, to);
      },
      post: (reply) => this.deliverOne(reply, to),
    };
  }

  /**
   * The member's message was given up (the job is dead, see jobs.ts): they hear so. A message an attempt
   * left half-written (`streamRef`) gets the note instead of the half answer.
   */
  async deadLetter(to: T, streamRef?: object | null): Promise<void> {
    if (
      streamRef &&
      (await this.port.update(streamRef, { text: t(to.language, 'jobs.interrupted'), language: to.language }, to).catch(() => false))
    )
      return;
    await this.port.post({ text: t(to.language, 'jobs.dead'), language: to.language }, to);
  }

  /** Streams through the port when it can; otherwise (or when it showed nothing) the final reply is posted whole. */
  private async deliverStream(reply: Reply & { stream: ReplyStream }, to: T, started?: (ref: object) => Promise<void>): Promise<Reply> {
    const posted = this.port.stream ? await this.port.stream(reply, to, started) : null;
    if (!this.port.stream) for await (const _ of reply.stream.deltas);
    const final = await reply.stream.final;
    if (!posted) await this.deliverOne(final, to);
    else if (final.answerId) await this.rememberAnswer(to, posted, final);
    return final;
  }

  /** The answer computed again, put whole into the message an interrupted attempt was streaming (posted anew if that is gone). */
  private async finishInterrupted(reply: Reply & { stream: ReplyStream }, to: T, ref: object): Promise<Reply> {
    for await (const _ of reply.stream.deltas);
    const final = await reply.stream.final;
    if (!(await this.port.update(ref, final, to))) await this.deliverOne(final, to);
    else if (final.answerId) {
      const { ts, activityId } = ref as { ts?: string; activityId?: string };
      const messageId = ts ?? activityId;
      if (messageId) await this.rememberAnswer(to, { ref, messageId }, final);
    }
    return final;
  }

  private async apologise(err: unknown, to: T): Promise<void> {
    const where = { group: to.groupId, platform: this.port.platform };
    // A platform error a member can act on (e.g. the bot is not in the channel) is explained; anything else gets the one apology.
    const known = this.port.explain?.(err);
    if (known) log.warn({ ...where, code: known }, 'delivery refused by the platform');
    const text = known ? t(to.language, known) : apologise(err, to.language, where, 'delivery failed');
    await this.port
      .post({ text, language: to.language }, to)
      .catch((e: Error) => log.error({ ...where, err: e?.message }, 'could not post the apology'));
  }

  private async deliverOne(reply: Reply, to: T): Promise<void> {
    const thread = reply.placement === 'channel' && !reply.ephemeral ? undefined : to.thread;
    const place = { ...to, thread };
    const posted = !reply.cardKey || reply.ephemeral ? await this.post(reply, place) : await this.card(reply, place);
    if (reply.answerId && posted) await this.rememberAnswer(to, posted, reply);
    // A file goes into the thread of its message; an ephemeral one stays in the asker's thread.
    if (reply.file && this.port.upload && (posted || reply.ephemeral)) {
      await this.port.upload(reply, { ...place, thread: reply.ephemeral ? to.thread : (thread ?? posted?.opened ?? posted?.messageId) });
    }
  }

  /** The answer behind a posted message, for a platform whose own feedback dialog names the message. */
  private async rememberAnswer(to: T, posted: Posted, reply: Reply): Promise<void> {
    const ref: AnswerRef = { answerId: reply.answerId!, language: reply.language };
    await this.bot.refs.put(to.groupId, ANSWER_REF, posted.messageId, ref);
  }

  private async post(reply: Reply, to: T): Promise<Posted | null> {
    const posted = await this.port.post(reply, to);
    // A top-level post opens a thread the bot follows without mentions.
    if (posted?.opened && !reply.cardKey) await this.bot.threads.follow(to.groupId, posted.opened);
    return posted;
  }

  private card(reply: Reply, to: T): Promise<Posted | null> {
    return reply.repost ? this.repostCard(reply, to) : this.upsertCard(reply, to);
  }

  /**
   * A member asked for a card that was posted before. That message may be out of their sight (far up the
   * channel, or lost by a client on a reload while the platform still accepts updates of it), so the card is
   * posted anew where they asked, later updates go to the new message, and the old one says once where the
   * card went. Not posted before: posted as usual.
   */
  private async repostCard(reply: Reply, to: T): Promise<Posted | null> {
    const key = reply.cardKey!;
    // A revision taken now makes an update of the old message that is under way stand down (this render is newer).
    const old = await this.bot.cards.take(to.groupId, key);
    if (!old) return this.postCard(reply, to);
    const fresh = await this.bot.latestCard(to.groupId, reply);
    const posted = await this.postCard(fresh, to);
    if (!posted) return null;
    await this.pointOn(old.ref, to, reply.language);
    // Another render started while the card moved (an answer came in): it may have reached the old message only.
    if ((await this.bot.cards.revision(to.groupId, key)) !== old.revision + 1) await this.upsertCard(fresh, to);
    return posted;
  }

  /** The old message of a card that moved, updated once to a note; a message that is gone or refused is left as it is. */
  private async pointOn(ref: object, to: T, language: Reply['language']): Promise<void> {
    const where = { group: to.groupId, platform: this.port.platform };
    const note: Reply = { text: t(language, 'reply.card_moved'), language };
    try {
      if (!(await this.port.update(ref, note, to))) log.info(where, 'the old card is gone; not pointed on');
    } catch (err) {
      log.warn({ ...where, err: (err as Error)?.message }, 'could not point the old card on');
    }
  }

  /**
   * A card is posted once and updated in place afterwards, by any instance. Updates may land out of
   * order, so each round takes the card's next revision, renders the latest state, and is skipped when
   * a newer render started meanwhile, or redone when one started while it was being sent.
   */
  private async upsertCard(reply: Reply, to: T): Promise<Posted | null> {
    const key = reply.cardKey!;
    for (let round = 0; round < CARD_ROUNDS; round++) {
      const card = await this.bot.cards.take(to.groupId, key);
      if (!card) return this.postCard(reply, to);
      const fresh = await this.bot.latestCard(to.groupId, reply);
      if ((await this.bot.cards.revision(to.groupId, key)) !== card.revision) return null;
      if (!(await this.port.update(card.ref, fresh, to))) return this.postCard(fresh, to);
      if ((await this.bot.cards.revision(to.groupId, key)) === card.revision) return null;
      // The card moved (repostCard) while this update was under way: the old message gets its note back.
      const now = await this.bot.cards.ref(to.groupId, key);
      if (JSON.stringify(now) !== JSON.stringify(card.ref)) await this.pointOn(card.ref, to, fresh.language);
    }
    return null;
  }

  private async postCard(reply: Reply, to: T): Promise<Posted | null> {
    const posted = await this.post(reply, to);
    // A top-level card opens a thread of its own (a step's checklist is answered there).
    if (posted) await this.bot.cardPosted(to.groupId, reply.cardKey!, posted.ref, posted.opened);
    return posted;
  }
}
