import type { types } from '@slack/bolt';
import { checklistThemes } from '../../src/core/checklist-lines.js';
import { feedbackPrompt } from '../../src/core/feedback.js';
import { t } from '../../src/core/i18n.js';
import { sourceLabel } from '../../src/core/source-label.js';
import { clip } from '../../src/core/text.js';
import type { Button, ChecklistView, Citation, Language, Reply, ReplyPicker } from '../../src/core/types.js';
import { plainText, splitText, toMrkdwn } from './text.js';

export { FEEDBACK_ACTION } from '../../src/core/feedback.js';

// Core Reply → Block Kit. Pure functions: no Web API calls here (those live in deliver.ts).

type Block = types.KnownBlock;

/**
 * Slack's limits: 3,000 characters per section text, 50 blocks per message, 25 elements per actions block, 100 options
 * per menu. buttonItems: up to this many items get buttons of their own, more get a menu.
 */
export const LIMITS = {
  sectionChars: 3000,
  blocks: 50,
  actionsPerBlock: 25,
  headerChars: 150,
  buttonLabel: 75,
  buttonValue: 2000,
  menuOptions: 100,
  buttonItems: 5,
};
/** Room under the section limit for the odd escape that grows the text. */
const SECTION_BUDGET = LIMITS.sectionChars - 100;

export interface RenderedMessage {
  /** Notification / fallback text. */
  text: string;
  blocks: Block[];
}

const section = (mrkdwn: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: mrkdwn } });
const context = (mrkdwn: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(mrkdwn, LIMITS.sectionChars) }] });
const sections = (mrkdwn: string): Block[] => splitText(mrkdwn, SECTION_BUDGET).map(section);

export function formatCitation(c: Citation, lang: Language): string {
  return `[${c.n}] ${sourceLabel(c, lang)}`;
}

function sourcesBlocks(citations: Citation[], lang: Language): Block[] {
  const lines = citations.map((c) => toMrkdwn(formatCitation(c, lang)));
  return [{ type: 'divider' }, ...sections(`*${t(lang, 'reply.sources')}*\n${lines.join('\n')}`)];
}

function checklistBlocks(c: ChecklistView, lang: Language): Block[] {
  const out: Block[] = [{ type: 'header', text: { type: 'plain_text', text: clip(c.title, LIMITS.headerChars), emoji: true } }];
  if (c.intro) out.push(...sections(toMrkdwn(c.intro)));
  out.push(context(toMrkdwn(c.progress)));
  for (const theme of checklistThemes(c)) {
    const lines = theme.lines.map((l) =>
      l.kind === 'item'
        ? `${l.mark} *${toMrkdwn(l.code)}* ${toMrkdwn(l.question)}`
        : `      – ${toMrkdwn(l.text)} _(${toMrkdwn(l.who)}, ${l.at})_`,
    );
    out.push(...sections([`*${toMrkdwn(theme.title)}*`, ...lines].join('\n')));
  }
  if (c.contributors.length) out.push(context(toMrkdwn(t(lang, 'reply.contributors', { names: c.contributors.join(', ') }))));
  return out;
}

/** Action ids must be unique within a block; a repeated one gets "#n", which parseActionId strips again. */
function buttonElements(buttons: Button[]): types.Button[] {
  const seen = new Map<string, number>();
  return buttons.map((b) => {
    const n = (seen.get(b.action) ?? 0) + 1;
    seen.set(b.action, n);
    const el: types.Button = {
      type: 'button',
      text: { type: 'plain_text', text: clip(b.label, LIMITS.buttonLabel), emoji: true },
      action_id: n === 1 ? b.action : `${b.action}#${n}`,
      value: b.value.slice(0, LIMITS.buttonValue),
    };
    if (b.style) el.style = b.style;
    return el;
  });
}

export function parseActionId(actionId: string): string {
  return actionId.replace(/#\d+$/, '');
}

/** A menu's own action id: choosing in it only sets state (arriving as inputs[id] with the next button). */
export const INPUT_PREFIX = 'input:';
export const inputId = (actionId: string) => (actionId.startsWith(INPUT_PREFIX) ? actionId.slice(INPUT_PREFIX.length) : null);

/** Many items: one menu (static_select) and the picker's buttons instead of buttons per item. */
function pickerBlock(p: ReplyPicker, buttons: Button[]): Block {
  const menu: types.StaticSelect = {
    type: 'static_select',
    action_id: `${INPUT_PREFIX}${p.id}`,
    placeholder: { type: 'plain_text', text: clip(p.placeholder, LIMITS.buttonLabel), emoji: true },
    options: p.options
      .slice(0, LIMITS.menuOptions)
      .map((o) => ({ text: { type: 'plain_text', text: clip(o.label, LIMITS.buttonLabel), emoji: true }, value: o.value })),
  };
  return { type: 'actions', block_id: 'picker', elements: [menu, ...buttonElements([...p.actions, ...buttons.filter((b) => !b.item)])] };
}

function actionsBlocks(buttons: Button[], blockId: string): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.actionsPerBlock) {
    const chunk = buttons.slice(i, i + LIMITS.actionsPerBlock);
    out.push({ type: 'actions', block_id: i === 0 ? blockId : `${blockId}-${i}`, elements: buttonElements(chunk) });
  }
  return out;
}

/** What follows the text: AI note, sources, buttons, feedback (also what ends a streamed answer). */
export function tailBlocks(reply: Reply): Block[] {
  const lang = reply.language;
  const tail: Block[] = [];
  if (reply.aiGenerated) tail.push(context(t(lang, 'reply.ai_generated')));
  if (reply.citations?.length) tail.push(...sourcesBlocks(reply.citations, lang));
  if (reply.picker && reply.picker.options.length > LIMITS.buttonItems) tail.push(pickerBlock(reply.picker, reply.buttons ?? []));
  else if (reply.buttons?.length) tail.push(...actionsBlocks(reply.buttons, 'buttons'));
  if (reply.answerId) {
    const feedback = feedbackPrompt(reply.answerId, lang);
    tail.push(context(feedback.prompt), ...actionsBlocks(feedback.buttons, 'feedback'));
  }
  if (reply.file) tail.push(context(toMrkdwn(t(lang, 'slack.file_follows', { name: reply.file.name }))));
  return tail;
}

/**
 * The whole message: answer text, card, AI note, sources, buttons, feedback. When it would pass
 * 50 blocks the answer text is shortened first, since the sources and buttons are what users act on.
 */
export function renderReply(reply: Reply): RenderedMessage {
  const lang = reply.language;
  const body = reply.text.trim() ? sections(toMrkdwn(reply.text)) : [];
  let card = reply.checklist ? checklistBlocks(reply.checklist, lang) : [];
  const tail = tailBlocks(reply);

  const room = LIMITS.blocks - tail.length;
  let blocks: Block[];
  if (body.length + card.length <= room) {
    blocks = [...body, ...card, ...tail];
  } else {
    const truncated = context(t(lang, 'slack.truncated'));
    if (card.length > room - 2) card = card.slice(0, Math.max(0, room - 2));
    blocks = [...body.slice(0, Math.max(1, room - card.length - 1)), ...card, truncated, ...tail].slice(0, LIMITS.blocks);
  }
  const fallback = plainText(toMrkdwn(reply.text || reply.checklist?.title || ''));
  return { text: clip(fallback, LIMITS.sectionChars) || ' ', blocks };
}
