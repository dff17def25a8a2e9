import type { Config } from '../config.js';
import type { Db } from '../storage/db.js';
import type { Member } from './group.js';
import type { IncomingAction, IncomingMessage, Language, Reply } from './types.js';

/**
 * Long-lived services every feature may use. Stateless apart from the database. Modules above the core
 * add their own services by declaration merging (question answering adds `qa`), wired in src/app.ts.
 */
export interface Services {
  db: Db;
  config: Config;
  /** All features of the bot (help, exporters). */
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

/** A command: its selector is `{ command: name }`; the words that select it are grammar data (knowledge/grammar). */
export interface Command {
  /** Name in the grammar data, e.g. 'begrip'. */
  name: string;
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
 * What a handler takes. Each input goes to the one handler that claims it; two handlers claiming the
 * same input stop the start (core/routes.ts), so the order of src/features.ts does not matter.
 */
export type Selector =
  /** An action id ('feedback.vote'), or every action under a prefix ('step.*'). */
  | { action: string }
  /** A message that names no command (item answers in a step thread), tried before the fallback; null = not mine. */
  | { message: true }
  /** An earlier message edited or deleted (msg.kind); null = not mine. */
  | { change: true }
  /** The bot addressed with files and no words. */
  | { files: true }
  /** What no command or handler took: a question. Exactly one feature may claim it. */
  | { fallback: true };

type ActionRun = (ctx: ActionContext) => Promise<Reply[]>;
type InputRun = (ctx: Context) => Promise<Reply[] | null>;

export type Handler =
  | { on: { action: string }; run: ActionRun }
  | { on: { message: true } | { change: true } | { files: true } | { fallback: true }; run: InputRun };

/** A handler with its selector, as teams-ai's routes are written: `route.action('step.*', onAction)`. */
export const route = {
  action: (selector: string, run: ActionRun): Handler => ({ on: { action: selector }, run }),
  message: (run: InputRun): Handler => ({ on: { message: true }, run }),
  change: (run: InputRun): Handler => ({ on: { change: true }, run }),
  files: (run: InputRun): Handler => ({ on: { files: true }, run }),
  fallback: (run: InputRun): Handler => ({ on: { fallback: true }, run }),
};

/**
 * A feature plugs into the bot with commands, handlers (each with its selector), exporters and a few
 * hooks. Adapters never see features.
 */
export interface Feature {
  name: string;
  commands?: Command[];
  handlers?: Handler[];
  exporters?: Exporter[];
  /** A message came with files, addressed to the bot or not (e.g. kept for a later `document toevoegen`). */
  filesShared?(ctx: Context): Promise<void>;
  /** `help <topic>`: a feature may explain its own topic (e.g. `help D2` for a checklist item); null = not mine. */
  helpTopic?(ctx: CommandContext): Promise<Reply[] | null>;
  /** A card with this key was posted as a new message that opens `thread` (e.g. a step card). */
  onCardPosted?(services: Services, groupId: string, cardKey: string, thread: string): Promise<void>;
  /** The current state of a card this feature issued (null = not mine), rendered at update time so the last update shows the latest state. */
  renderCard?(services: Services, groupId: string, cardKey: string, lang: Language): Promise<Reply | null>;
}
