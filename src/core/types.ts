// Neutral message and reply shapes shared by the core and every adapter.
// Nothing here knows about Slack, Teams or a terminal.

export type Language = 'nl' | 'en';
export type Platform = 'slack' | 'teams' | 'cli';

export interface UserRef {
  id: string;
  name?: string;
}

/** Where something happened in a chat, and who did it. */
export interface ChatPlace {
  platform: Platform;
  /** Slack team/enterprise, Teams tenant, 'local' for the CLI. */
  workspace: string;
  /** Slack channel, Teams conversation (without ;messageid), CLI session. */
  channel: string;
  /** Thread root / reply-chain id, when it is in a thread. */
  thread?: string;
  /** Platform id of the message (Slack ts, Teams activity id). */
  messageId?: string;
  user: UserRef;
}

/**
 * A file shared with a message, as plain data: a message may be stored (queued) before it is handled, so
 * it carries no functions; the platform port downloads the file when a feature needs it.
 */
export interface SharedFile {
  name: string;
  /** Bytes, as the platform declares them (checked before downloading). */
  size?: number;
  mime?: string;
  /** What the platform fetches it by: Slack's url_private_download, Teams' downloadUrl, a path in the terminal. */
  ref: string;
  /** Only a link to a page (Teams channel files on SharePoint), nothing the bot can download. */
  linkOnly?: boolean;
}

/** One incoming chat message, already stripped of the bot mention by the adapter. */
export interface IncomingMessage extends ChatPlace {
  text: string;
  /** Files shared with the message. */
  files?: SharedFile[];
  /** 'edit' and 'delete' let features follow changes to earlier messages. */
  kind?: 'message' | 'edit' | 'delete';
  /** Direct message / personal chat. */
  isDirect?: boolean;
  /** Link back to the message, when the platform offers one. */
  permalink?: string;
}

/** A button press or card submit, translated by the adapter. */
export interface IncomingAction extends ChatPlace {
  /** Action id as the core issued it in a Button (e.g. 'feedback', 'step.help'). */
  action: string;
  /** Opaque value the core put in the Button. */
  value: string;
  /** Free-text inputs of a card or modal, keyed by input id. */
  inputs?: Record<string, string>;
}

export interface Citation {
  n: number;
  /** Catalog id of the document. */
  document: string;
  file: string;
  title: string;
  /** Short document label from the catalog ("VNG-handreiking 2022"); the title when there is none. */
  label?: string;
  section: string;
  /** Passage kind (body, figure, table …): a figure or table is named in the label. */
  kind?: string;
  lines: [number, number];
  page: number | null;
  text: string;
  score: number;
  /** Database id of the passage (not shown to users). */
  passageId?: number;
}

export interface Button {
  label: string;
  action: string;
  value: string;
  style?: 'primary' | 'danger';
  /** The item this button acts on: a surface that shows the reply's picker leaves such buttons out. */
  item?: string;
  /** Seldom used (e.g. export): cards put it in their overflow menu. */
  secondary?: boolean;
}

/**
 * A choice of one of several items (e.g. a step's open questions) with the actions that act on the choice:
 * pressing one sends the chosen option's value as inputs[id]. Replaces one button per item where a
 * platform has a menu; the reply's per-item buttons (Button.item) remain for surfaces without one.
 */
export interface ReplyPicker {
  id: string;
  label: string;
  placeholder: string;
  options: { value: string; label: string }[];
  actions: Button[];
}

export interface ChecklistItemView {
  code: string;
  question: string;
  answers: { member: string; organisation?: string; text: string; at: string }[];
}

export interface ChecklistThemeView {
  id: string;
  title: string;
  items: ChecklistItemView[];
}

export interface ChecklistView {
  title: string;
  intro?: string;
  themes: ChecklistThemeView[];
  /** e.g. "7 van 13 vragen beantwoord". */
  progress: string;
  contributors: string[];
}

export interface ReplyInput {
  /** Key of the text in IncomingAction.inputs. */
  id: string;
  placeholder: string;
}

export interface ReplyFile {
  name: string;
  mime: string;
  /** The file's text; for a binary file (bytes set) a readable description, shown where a file cannot be sent. */
  content: string;
  /** A binary file (e.g. a zip), sent instead of content. */
  bytes?: Uint8Array;
  /** Show the content in the message, never as a file (the member declined the file, or sending it failed). */
  inline?: boolean;
}

/** One reply of the core. Adapters render every field they understand and fall back to `text`. */
export interface Reply {
  /** Markdown subset: **bold**, _italic_, `code`, lists with "- ", links <url|label> are not used. */
  text: string;
  language: Language;
  citations?: Citation[];
  checklist?: ChecklistView;
  buttons?: Button[];
  picker?: ReplyPicker;
  /** A free-text field sent along with the buttons (platforms with cards render it; others ask in the thread). */
  input?: ReplyInput;
  file?: ReplyFile;
  /** Set when the reply is an answer that can receive 👍/👎 feedback. */
  answerId?: string;
  /** True when an LLM wrote the text. */
  aiGenerated?: boolean;
  /** Stable key of a card that later replies update in place (e.g. a step run). */
  cardKey?: string;
  /**
   * A member asked to see this card (`stap 1`): where it was posted before may be out of their sight, so it
   * is posted anew where they asked, later updates go there, and the earlier message points on. Without
   * it a card that exists is updated in place.
   */
  repost?: boolean;
  /** Ask the adapter to post in the thread of the incoming message (default) or at top level (e.g. a new step card). */
  placement?: 'thread' | 'channel';
  /** Only for the asking user, when the platform supports it. */
  ephemeral?: boolean;
  /**
   * An answer still being written (only when the adapter asked for streaming): `text` is empty,
   * `stream.final` is the reply that stays. See core/stream.ts.
   */
  stream?: ReplyStream;
}

/** An answer shown while it is written (core/stream.ts makes the pieces; the adapter shows them). */
export interface ReplyStream {
  /** Text pieces in order, each already citation-checked; ends when the model is done or failed. */
  deltas: AsyncIterable<string>;
  /** The complete reply (text, citations, buttons, notice). Never rejects. */
  final: Promise<Reply>;
}
