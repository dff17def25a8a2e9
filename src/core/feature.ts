import type { Config } from '../config.js';
import type { Db } from '../storage/db.js';
import type { IncomingAction, IncomingMessage, Language, Reply } from './types.js';
import type { Member } from '../groups/members.js';

/** Long-lived services every feature may use. Stateless apart from the database. */
export interface Services {
  db: Db;
  config: Config;
  /** Filled by the question-answering feature; other features reuse it for grounded help. */
  qa: import('../qa/answerer.js').Answerer;
  /** All features of the bot, for cross-feature hooks (question expansion, answer annotations). */
  features: Feature[];
}

export interface Context {
  services: Services;
  msg: IncomingMessage;
  /** Working-group id: platform:workspace:channel. Everything stored is scoped by it. */
  groupId: string;
  lang: Language;
  member: Member;
  /** The language the group works in (majority of its messages), null before it is known. */
  groupLanguage?: Language | null;
  /** The adapter can show an answer while it is written (Reply.stream). */
  canStream?: boolean;
  /** The platform's file download and immediate posting, when the adapter offers them. */
  io?: import('./files.js').PlatformIO;
}

export interface CommandContext extends Context {
  /** Text after the command word, trimmed. */
  args: string;
  /** The command word as typed (alias), lower case. */
  word: string;
}

export interface Command {
  /** Dutch canonical name, e.g. 'begrip'. */
  name: string;
  /** Other Dutch (or neutral) words that select it. */
  aliases: string[];
  /** English words that select it; they make the reply English unless the rest is clearly Dutch. */
  en: string[];
  /** i18n key (locales/*.json) of its one help line: "`begrip <term>` — ...". */
  helpKey: string;
  run(ctx: CommandContext): Promise<Reply[]>;
}

export interface ActionContext extends Omit<Context, 'msg'> {
  action: IncomingAction;
}

/** Something `werktafel export <what>` can produce. */
export interface Exporter {
  /** Words after `export` that select it (lower case); empty list = the default exporter. */
  keywords: string[];
  run(ctx: CommandContext, rest: string): Promise<Reply[]>;
}

/**
 * A feature plugs into the bot with commands, handlers for non-command messages in threads
 * (e.g. item answers in a step thread), button actions and exporters. Adapters never see features.
 */
export interface Feature {
  name: string;
  commands?: Command[];
  /** Tried in order for a non-command message (in a thread or the channel); the first non-null reply wins. */
  onThreadMessage?(ctx: Context): Promise<Reply[] | null>;
  /** An earlier message was edited or deleted (msg.kind). */
  onMessageChange?(ctx: Context): Promise<Reply[] | null>;
  /** Action ids this feature handles (prefix match on 'prefix.'). */
  actionPrefix?: string;
  onAction?(ctx: ActionContext): Promise<Reply[]>;
  exporters?: Exporter[];
  /** `help <topic>`: a feature may explain its own topic (e.g. `help D2` for a checklist item); null = not mine. */
  helpTopic?(ctx: CommandContext): Promise<Reply[] | null>;
  /** A card with this key was posted as a new message that opens `thread` (e.g. a step card). */
  onCardPosted?(services: Services, groupId: string, cardKey: string, thread: string): Promise<void>;
  /** The current state of a card this feature issued (null = not mine), rendered at update time so the last update shows the latest state. */
  renderCard?(services: Services, groupId: string, cardKey: string, lang: Language): Promise<Reply | null>;
  /** Extra retrieval terms for a question in this group (e.g. glossary synonyms). */
  expandQuestion?(ctx: Context, question: string): Promise<string[]>;
  /** Extra blocks shown under an answer (e.g. the group's agreed definition, earlier decisions). */
  annotateAnswer?(ctx: Context, question: string): Promise<string[]>;
  /** Blocks that lead the answer to a definition question (the group's agreed definition), before the documents'. */
  leadDefinition?(ctx: Context, question: string): Promise<string[]>;
}
