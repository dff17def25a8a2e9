import type { ReplyStream } from './stream.js';
import type { Language, Platform, Reply, SharedFile } from './types.js';

// The port every platform implements (like Hubot's Adapter): post a reply in a place, update a
// posted card, upload a file. Everything around it — card upsert and revisions, threads the bot
// follows, feedback, checkpoints for at-least-once answering — is the core's (delivery.ts).

/** Where replies go: the place of the incoming message. Adapters extend it with what they need to send. */
export interface Target {
  groupId: string;
  channel: string;
  /** Thread of the incoming message; a reply placed in the channel goes without one. */
  thread?: string;
  /** Who asked (ephemeral replies). */
  userId: string;
  /** Language of an apology when the work fails. */
  language: Language;
}

/** A message the platform accepted. */
export interface Posted {
  /** The platform's reference to update it later (stored as JSON, so any instance can). */
  ref: object;
  /** The platform's message id (for the feedback loop that names a message). */
  messageId: string;
  /** The thread this top-level message opens, when it opens one the bot follows. */
  opened?: string;
}

export interface Port<T extends Target = Target> {
  readonly platform: Platform;
  /** Posts one rendered reply in `to.thread` (or at top level without one); null when nothing can be referred to later. */
  post(reply: Reply, to: T): Promise<Posted | null>;
  /** Replaces a posted card; false when the message is gone (the core posts it anew). */
  update(ref: object, reply: Reply, to: T): Promise<boolean>;
  /** Uploads `reply.file` into `to.thread`. Absent: the renderer shows the file inline. */
  upload?(reply: Reply, to: T): Promise<void>;
  /**
   * Optional: shows an answer while it is written (`reply.stream.deltas`) and finishes the same message
   * with `reply.stream.final`. Null when nothing was shown here (e.g. no thread to stream into): the core
   * then posts the final reply whole. Without it, the core always posts the final reply whole.
   * `started` is called with the message's reference as soon as it exists, so a retry after a crash can
   * finish that message instead of leaving it half-written.
   */
  stream?(reply: Reply & { stream: ReplyStream }, to: T, started?: (ref: object) => Promise<void>): Promise<Posted | null>;
  /** Optional: the bytes of a file a member shared (`IncomingMessage.files`), at most the upload limit. */
  download?(file: SharedFile, to: T): Promise<Uint8Array>;
  /** A locale key that explains a platform error to the member (e.g. the bot is not in the channel). */
  explain?(err: unknown): string | undefined;
}
