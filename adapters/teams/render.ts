import type { Activity, Attachment, Entity } from 'botbuilder';
import { parse as parseCsv } from 'csv-parse/sync';
import { CSV_MIME } from '../../src/core/csv.js';
import { checklistThemes } from '../../src/core/checklist-lines.js';
import { feedbackPrompt } from '../../src/core/feedback.js';
import { t } from '../../src/core/i18n.js';
import { sourceLabel } from '../../src/core/source-label.js';
import { quotedFor } from '../../src/core/quoted.js';
import { clip } from '../../src/core/text.js';
import type { Button, ChecklistView, Citation, Language, Reply, ReplyPicker } from '../../src/core/types.js';
import type { Surface } from './incoming.js';

// Core Reply → Teams message activity. Pure functions: sending lives in port.ts.
//
// Chats (personal, group) get Teams' AI message features: [n] citations, the "AI generated"
// label and the built-in 👍/👎 feedback loop. Channels do not support those (Microsoft's
// "Bot messages with AI-generated content"), so there the answer is an Adaptive Card with the
// sources listed and 👍/👎 as Action.Submit buttons.

export { FEEDBACK_ACTION } from '../../src/core/feedback.js';
export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
/** Teams limits: citation name 80, abstract 160 characters; about six actions per row render well; a table card stays readable to 30 rows. */
const LIMITS = { citationName: 80, citationAbstract: 160, actionsPerRow: 5, tableRows: 30 };

type Element = Record<string, unknown>;

export interface RenderOptions {
  surface: Surface;
}

export function citationLabel(c: Citation, lang: Language): string {
  return sourceLabel(c, lang);
}

/** Teams client citation (schema.org Claim) as Teams AI's own citations build it. */
export function clientCitation(c: Citation, lang: Language, answer = ''): Record<string, unknown> {
  const where = citationLabel(c, lang);
  return {
    '@type': 'Claim',
    position: c.n,
    // Teams shows the claim id nowhere; it ties the pop-up to this answer's [n].
    claimId: `${c.n}:${c.passageId ?? c.document}`,
    appearance: {
      '@type': 'DigitalDocument',
      // The source label names the document and where in it; the pop-up's text is the sentence the answer quotes.
      name: clip(where, LIMITS.citationName),
      abstract: clip(quotedFor(answer, c), LIMITS.citationAbstract),
      // The pop-up shows this card: where exactly, and the passage itself.
      text: JSON.stringify(card([textBlock(`**${c.title}**`), textBlock(where, { isSubtle: true }), textBlock(c.text)])),
      encodingFormat: ADAPTIVE_CARD,
      ...(c.file.toLowerCase().endsWith('.pdf') ? { image: { '@type': 'ImageObject', name: 'PDF' } } : {}),
    },
  };
}

/** The schema.org Message entity: AI label and citations. Null when there is nothing to say. */
export function messageEntity(reply: Reply): Entity | null {
  const citations = reply.citations ?? [];
  if (!reply.aiGenerated && citations.length === 0) return null;
  return {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    ...(reply.aiGenerated ? { additionalType: ['AIGeneratedContent'] } : {}),
    ...(citations.length ? { citation: citations.map((c) => clientCitation(c, reply.language, reply.text)) } : {}),
  };
}

// ---- text ----

/**
 * The one place text is made safe for Teams. The core's text carries what members stored and document
 * excerpts: a mention becomes the bold name (no <at>, nobody is notified again on every update), a
 * Markdown link shows its address, and no link syntax or <at> tag survives.
 */
function cardMarkdown(text: string): string {
  let s = text.replace(/<@([^>|]+)(?:\|([^>]+))?>/g, (_, id: string, name?: string) => `**${name ?? id}**`);
  // Repeat: removing one tag or unwrapping one link could complete another around it.
  for (let before = ''; before !== s;) {
    before = s;
    s = s
      .replace(/<\/?at\b[^>]*>/gi, '')
      .replace(/\[([^\]\n]*)\]\(([^)\n]*)\)/g, (_m, label: string, url: string) =>
        label.trim() === url.trim() ? url : `${label} (${url})`,
      );
  }
  return s.replace(/\]\s*\(/g, '] (');
}

/**
 * Teams messages (cards take Markdown only) also read HTML. Entities would reach members as text
 * (`&lt;naam&gt;`), so instead a word joiner (U+2060, invisible) after a `<` that could open a tag and after an
 * `&` that could start an entity keeps them literal characters. <br> keeps the core's line structure
 * (Teams collapses single newlines).
 */
const WORD_JOINER = '\u2060';
export const chatMarkdown = (text: string) =>
  cardMarkdown(text)
    .replace(/<(?=[A-Za-z/!?])/g, `<${WORD_JOINER}`)
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, `&${WORD_JOINER}`)
    .replace(/\r?\n/g, '<br>');

// ---- Adaptive Card building blocks ----

/** Every text of a card passes here, so it is made safe once. */
function textBlock(text: string, extra: Element = {}): Element {
  return { type: 'TextBlock', text: cardMarkdown(text), wrap: true, ...extra };
}

/** One TextBlock per paragraph: Adaptive Card markdown keeps lists within a paragraph. */
function paragraphs(text: string): Element[] {
  return text
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .map((p) => textBlock(p));
}

function card(body: Element[], extra: Element = {}): Element {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    msteams: { width: 'Full' },
    ...extra,
  };
}

export function submitAction(b: Button): Element {
  return {
    type: 'Action.Submit',
    title: b.label,
    data: { action: b.action, value: b.value },
    ...(b.style === 'primary' ? { style: 'positive' } : b.style === 'danger' ? { style: 'destructive' } : {}),
    // Adaptive Cards 1.5: a secondary action goes into the card's "…" overflow menu.
    ...(b.secondary ? { mode: 'secondary' } : {}),
  };
}

/** The item picker: a compact drop-down, whose choice arrives with every action as inputs[id]. */
function choiceSet(p: ReplyPicker): Element {
  return {
    type: 'Input.ChoiceSet',
    id: p.id,
    label: cardMarkdown(p.label),
    placeholder: p.placeholder,
    style: 'compact',
    choices: p.options.map((o) => ({ title: o.label, value: o.value })),
    ...(p.options.length === 1 ? { value: p.options[0].value } : {}),
  };
}

function actionRows(buttons: Button[]): Element[] {
  const rows: Element[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.actionsPerRow) {
    rows.push({ type: 'ActionSet', actions: buttons.slice(i, i + LIMITS.actionsPerRow).map(submitAction) });
  }
  return rows;
}

function checklistBlocks(c: ChecklistView, lang: Language): Element[] {
  const out: Element[] = [textBlock(c.title, { size: 'Large', weight: 'Bolder' })];
  if (c.intro) out.push(textBlock(c.intro));
  out.push(textBlock(c.progress, { isSubtle: true, spacing: 'Small' }));
  for (const theme of checklistThemes(c)) {
    const lines = theme.lines.map((l) =>
      l.kind === 'item'
        ? textBlock(`${l.mark} **${l.code}** ${l.question}`, { spacing: 'Small' })
        : textBlock(`– ${l.text} _(${l.who}, ${l.at})_`, { spacing: 'None', size: 'Small' }),
    );
    out.push({ type: 'Container', separator: true, items: [textBlock(theme.title, { weight: 'Bolder' }), ...lines] });
  }
  if (c.contributors.length)
    out.push(textBlock(t(lang, 'reply.contributors', { names: c.contributors.join(', ') }), { isSubtle: true, size: 'Small' }));
  return out;
}

function sourcesBlocks(citations: Citation[], lang: Language): Element[] {
  return [
    textBlock(`**${t(lang, 'reply.sources')}**`, { separator: true, spacing: 'Medium' }),
    ...citations.map((c) => textBlock(`[${c.n}] ${citationLabel(c, lang)}`, { size: 'Small', spacing: 'Small' })),
  ];
}

/** Under a chat answer: "**Bronnen:** VNG, Woon-huurconstructies 2015 [1][2] · OZJ-handleiding Eigen Stek 2021 [5]". */
export function sourcesLine(citations: Citation[], lang: Language): string {
  const byDoc = new Map<string, number[]>();
  for (const c of citations) {
    const name = c.label || c.title;
    byDoc.set(name, [...(byDoc.get(name) ?? []), c.n]);
  }
  const docs = [...byDoc].map(([name, ns]) => `${name} ${ns.map((n) => `[${n}]`).join('')}`);
  return `**${t(lang, 'reply.sources')}:** ${docs.join(' · ')}`;
}

/** The whole reply as one Adaptive Card (channels, checklists, buttons). */
export function replyCard(reply: Reply, opts: RenderOptions): Element {
  const lang = reply.language;
  const inChannel = opts.surface === 'channel';
  const body: Element[] = [];
  body.push(...paragraphs(reply.text));
  if (reply.checklist) body.push(...checklistBlocks(reply.checklist, lang));
  if (reply.aiGenerated && inChannel) body.push(textBlock(`_${t(lang, 'reply.ai_generated')}_`, { isSubtle: true, size: 'Small' }));
  if (reply.citations?.length) body.push(...sourcesBlocks(reply.citations, lang));
  if (reply.file) body.push(...fileBlocks(reply));
  // The card's inputs (the item picker, the answer text) arrive with every button as inputs[id].
  if (reply.picker) body.push(choiceSet(reply.picker));
  if (reply.input) body.push({ type: 'Input.Text', id: reply.input.id, isMultiline: true, placeholder: reply.input.placeholder });
  // With a picker, its actions replace the buttons per item; they and the rest are the card's own actions,
  // where Teams shows secondary ones (export) in the overflow menu.
  const actions = reply.picker ? [...reply.picker.actions, ...(reply.buttons ?? []).filter((b) => !b.item)] : [];
  if (!reply.picker && reply.buttons?.length) body.push(...actionRows(reply.buttons));
  if (reply.answerId && inChannel) {
    const feedback = feedbackPrompt(reply.answerId, lang);
    body.push(textBlock(feedback.prompt, { isSubtle: true, size: 'Small', separator: true }), ...actionRows(feedback.buttons));
  }
  return card(body, actions.length ? { actions: actions.map(submitAction) } : {});
}

/**
 * A file shown in a card, where it is not offered as a file (port.ts: channels, group chats, the Agents
 * Playground, which refuses inline files, or a file the member declined). A CSV shows as a table, a report
 * as its text, an archive as its description.
 */
function fileBlocks(reply: Reply): Element[] {
  const f = reply.file!;
  const head = [
    textBlock(`📄 **${f.name}**`, { separator: true, weight: 'Bolder' }),
    // A file the member declined (or that could not be sent) needs no word on where files go: the reply says why.
    ...(f.inline
      ? []
      : [textBlock(t(reply.language, 'teams.file_inline', { name: f.name }), { isSubtle: true, size: 'Small', spacing: 'None' })]),
  ];
  if (f.mime === CSV_MIME && !f.bytes) return [...head, ...csvTable(f.content, reply.language)];
  return [...head, textBlock(f.content, f.bytes ? { size: 'Small' } : { fontType: 'Monospace', size: 'Small' })];
}

/** A CSV as an Adaptive Card 1.5 Table (header row first), cut at LIMITS.tableRows rows. */
function csvTable(content: string, lang: Language): Element[] {
  const rows: string[][] = parseCsv(content.replace(/^\uFEFF/, ''), { delimiter: ';', relaxColumnCount: true });
  if (rows.length === 0) return [];
  const width = Math.max(...rows.map((r) => r.length));
  const shown = rows.slice(0, LIMITS.tableRows + 1);
  const cell = (text: string, header: boolean): Element => ({
    type: 'TableCell',
    items: [textBlock(text, { size: 'Small', ...(header ? { weight: 'Bolder' } : {}) })],
  });
  const table: Element = {
    type: 'Table',
    firstRowAsHeader: true,
    columns: Array.from({ length: width }, () => ({ width: 1 })),
    rows: shown.map((r, i) => ({ type: 'TableRow', cells: Array.from({ length: width }, (_, c) => cell(r[c] ?? '', i === 0)) })),
  };
  const more = rows.length - shown.length;
  return [table, ...(more > 0 ? [textBlock(t(lang, 'teams.file_more_rows', { count: more }), { isSubtle: true, size: 'Small' })] : [])];
}

const cardAttachment = (content: Element): Attachment => ({ contentType: ADAPTIVE_CARD, content });

/** A file as an inline (base64 data URL) attachment, which a personal chat accepts. */
function inlineFile(f: NonNullable<Reply['file']>): Attachment {
  const data = f.bytes ? Buffer.from(f.bytes) : Buffer.from(f.content, 'utf8');
  return { contentType: f.mime, name: f.name, contentUrl: `data:${f.mime};base64,${data.toString('base64')}` };
}

/** Replies that need a card in this place; the rest are text messages with Teams' AI features. */
export function needsCard(reply: Reply, surface: Surface): boolean {
  if (reply.checklist || reply.cardKey) return true;
  if (reply.file) return true;
  if (surface === 'channel') return Boolean(reply.citations?.length || reply.answerId || reply.buttons?.length);
  return false;
}

/** The message activity for one reply. */
export function renderReply(reply: Reply, opts: RenderOptions): Partial<Activity> {
  const attachments: Attachment[] = [];
  const entities: Entity[] = [];
  let text: string | undefined;
  let channelData: Record<string, unknown> | undefined;

  if (needsCard(reply, opts.surface)) {
    attachments.push(cardAttachment(replyCard(reply, opts)));
    // An archive (the AVG export) has no readable content for a card: a personal chat gets it inline.
    if (reply.file?.bytes && !reply.file.inline && opts.surface === 'personal') attachments.push(inlineFile(reply.file));
    // The notification / preview line.
    text = undefined;
  } else {
    text =
      chatMarkdown(reply.text) + (reply.citations?.length ? `<br><br>${chatMarkdown(sourcesLine(reply.citations, reply.language))}` : '');
    const entity = messageEntity(reply);
    if (entity) entities.push(entity);
    if (reply.answerId) channelData = { feedbackLoopEnabled: true };
    // Chat buttons (rare outside cards) ride along in a small card.
    if (reply.buttons?.length) attachments.push(cardAttachment(card(actionRows(reply.buttons))));
  }
  return {
    type: 'message',
    ...(text !== undefined ? { text, textFormat: 'markdown' } : {}),
    ...(attachments.length ? { attachments } : {}),
    ...(entities.length ? { entities } : {}),
    ...(channelData ? { channelData } : {}),
    ...(text === undefined ? { summary: clip(cardMarkdown(reply.text).replace(/\s+/g, ' '), 120) } : {}),
  };
}
