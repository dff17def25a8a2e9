import { route, type ActionContext, type Context, type Feature } from '../core/feature.js';
import { stripPrefix } from '../core/grammar.js';
import { detectLanguage, t } from '../core/i18n.js';
import type { Language, Reply } from '../core/types.js';
import { leadersLabel } from '../groups/leaders.js';
import {
  askIfAnswer,
  askWhichItem,
  assignPending,
  discardPending,
  correctAnswer,
  followMessageChange,
  recordActionAnswer,
  recordAnswers,
  resolutionError,
} from './answers.js';
import { cardFor, stepOf } from './card.js';
import { stepCommands } from './commands.js';
import { normCode, stepCatalog } from './definitions.js';
import { draftAnalysis } from './draft.js';
import { exportName, exportRuns, exportSteps } from './export.js';
import { itemHelp } from './help.js';
import { looksLikeQuestion, parseThreadMessage } from './parse.js';
import { resolveItem } from './resolve.js';
import { attachRunThread, getAnswer, getRun, reviseAnswer, runByThread, runIdOfCardKey } from './store.js';

// The step checklists of knowledge/steps as a feature: commands, item answers in threads,
// card buttons and the Markdown export.

const note = (text: string, lang: Language, ephemeral = false): Reply[] => [{ text, language: lang, ...(ephemeral ? { ephemeral } : {}) }];

/** "D2?" / "help D2": the thread's step first, else any step that has the code. */
async function helpFor(
  ctx: Pick<Context, 'services' | 'groupId' | 'lang'>,
  thread: string | undefined,
  code: string,
): Promise<Reply[] | null> {
  const r = await resolveItem(ctx.services.db, ctx.groupId, thread, code);
  if (r?.ok || r?.reason === 'not_started') return itemHelp(ctx.services, ctx.groupId, r.step, r.item, ctx.lang);
  if (r?.reason === 'closed' || r?.reason === 'ambiguous') {
    const step = r.reason === 'closed' ? r.step : r.runs[0].step;
    const item = step.items.find((i) => normCode(i.code) === normCode(code));
    if (item) return itemHelp(ctx.services, ctx.groupId, step, item, ctx.lang);
  }
  return r ? note(resolutionError(r, code, ctx.lang), ctx.lang) : null;
}

/**
 * The core judges the language on the whole text, and item codes like "A-D1" contain the English
 * word "a": judge it again without the codes (Dutch unless the rest leans English).
 */
function withoutCodes<C extends Context>(ctx: C, text: string): C {
  return { ...ctx, lang: detectLanguage(text.replace(CODE_WORDS, ' '), ctx.groupLanguage ?? 'nl') };
}
const CODE_WORDS = /\b[A-Za-z]{1,3}(?:-[A-Za-z]{1,3})?\d{1,3}\b/g;

/** The open run whose own thread this message is in, if any. */
async function openThreadRun(ctx: Context) {
  const run = ctx.msg.thread ? await runByThread(ctx.services.db, ctx.groupId, ctx.msg.thread) : null;
  return run?.status === 'open' ? run : null;
}

/** A message in a step thread without a (usable) code that is no question: ask which item it answers. */
async function unassigned(ctx: Context, text: string): Promise<Reply[] | null> {
  if (looksLikeQuestion(text)) return null;
  const run = await openThreadRun(ctx);
  return run ? askWhichItem(ctx, run, text) : null;
}

async function onThreadMessage(original: Context): Promise<Reply[] | null> {
  const intent = parseThreadMessage(original.msg.text);
  const ctx = withoutCodes(original, original.msg.text);
  const text = stripPrefix(ctx.msg.text);
  if (!intent) return unassigned(ctx, text);
  if (intent.kind === 'help') return helpFor(ctx, ctx.msg.thread, intent.code);
  if (intent.kind === 'withdraw') return correctAnswer(ctx, intent.code, { withdraw: true });
  if (intent.kind === 'replace') return correctAnswer(ctx, intent.code, { text: intent.text });
  if (intent.kind === 'loose') {
    // Without a mark a code counts straight away only in the step's own thread; elsewhere the member is asked.
    if (looksLikeQuestion(intent.segment.text)) return unassigned(ctx, text);
    if (!(await openThreadRun(ctx))) return askIfAnswer(ctx, intent.segment);
    const r = await resolveItem(ctx.services.db, ctx.groupId, ctx.msg.thread, intent.segment.code);
    return r?.ok ? recordAnswers(ctx, [intent.segment]) : unassigned(ctx, text);
  }
  if (intent.kind === 'draft') {
    const lang = intent.en ? 'en' : ctx.lang;
    if (!intent.code) return note(t(lang, 'steps.draft.usage'), lang);
    const r = await resolveItem(ctx.services.db, ctx.groupId, ctx.msg.thread, intent.code);
    if (!r) return null;
    if (!r.ok) return note(resolutionError(r, intent.code, lang), lang);
    if (r.item.drawsOn.length === 0) return note(t(lang, 'steps.draft.not_building', { code: r.item.code }), lang);
    return draftAnalysis(ctx.services, r.run, r.step, r.item, lang);
  }
  return recordAnswers(ctx, intent.segments);
}

/** Button values are "<runId>[:<code>]:<lang>"; an answer id for 'step.withdraw'. */
function parseValue(value: string): { id: string; code?: string; lang: Language } {
  const parts = value.split(':');
  const lang: Language = parts[parts.length - 1] === 'en' ? 'en' : 'nl';
  if (parts.length > 1 && (parts[parts.length - 1] === 'en' || parts[parts.length - 1] === 'nl')) parts.pop();
  return { id: parts[0], code: parts[1], lang };
}

async function onAction(ctx: ActionContext): Promise<Reply[]> {
  const { action, services } = ctx;
  if (action.action === 'step.assign') return assignPending(ctx, action.value);
  if (action.action === 'step.discard') return discardPending(ctx, action.value);
  const { id, code: valueCode, lang } = parseValue(action.value);
  if (action.action === 'step.withdraw') {
    const answer = await getAnswer(services.db, ctx.groupId, id);
    if (!answer) return note(t(lang, 'steps.error.unknown_answer'), lang, true);
    if (answer.userId !== ctx.member.userId && ctx.member.role !== 'projectleider') {
      return note(t(lang, 'steps.error.not_author', { leaders: await leadersLabel(services.db, ctx.groupId) }), lang, true);
    }
    await reviseAnswer(services.db, answer, { withdrawn: true });
    const run = await getRun(services.db, ctx.groupId, answer.runId);
    return [
      { text: t(lang, 'steps.answer.withdrawn', { codes: answer.itemCode }), language: lang },
      ...(run ? [await cardFor(services, run, lang)] : []),
    ];
  }
  const run = await getRun(services.db, ctx.groupId, id);
  if (!run) return note(t(lang, 'steps.error.unknown_run'), lang, true);
  const step = stepOf(run);
  if (action.action === 'step.export') return exportRuns(services, ctx.groupId, lang, [run], exportName(step));
  if (action.action === 'step.card') return [await cardFor(services, run, lang)];
  const code = valueCode ?? action.inputs?.item ?? '';
  // A picker action pressed before an item was chosen.
  if (!code.trim()) return note(t(lang, 'steps.error.pick_item', { codes: step.items.map((i) => i.code).join(', ') }), lang, true);
  const item = step.items.find((i) => normCode(i.code) === normCode(code));
  if (!item)
    return note(t(lang, 'steps.error.unknown_code', { code: code || '—', codes: step.items.map((i) => i.code).join(', ') }), lang, true);
  switch (action.action) {
    case 'step.answer': {
      if (run.status !== 'open') return note(t(lang, 'steps.error.closed', { step: step.names[lang] }), lang, true);
      const text = action.inputs?.answer ?? action.inputs?.text ?? '';
      if (!text.trim()) return note(t(lang, 'steps.answer.how', { code: item.code, question: item.question[lang] }), lang, true);
      return recordActionAnswer(services, ctx.member, run, item.code, text, lang, action.inputs?.source);
    }
    case 'step.help':
      return itemHelp(services, ctx.groupId, step, item, lang);
    case 'step.draft':
      return draftAnalysis(services, run, step, item, lang);
    default:
      return note(t(lang, 'error.unknown_action'), lang, true);
  }
}

const exportWords = () => [
  ...new Set([
    'stap',
    'step',
    'stappen',
    'steps',
    ...stepCatalog()
      .aliases()
      .filter((a) => !/\s/.test(a) && !/^\d+$/.test(a)),
  ]),
];

export const stepsFeature: Feature = {
  name: 'steps',
  commands: stepCommands,
  handlers: [
    route.message(onThreadMessage),
    route.change((ctx) => followMessageChange(withoutCodes(ctx, ctx.msg.text))),
    route.action('step.*', onAction),
  ],
  async onCardPosted(services, groupId, cardKey, thread) {
    await attachRunThread(services.db, groupId, cardKey, thread);
  },
  async renderCard(services, groupId, cardKey, lang) {
    const runId = runIdOfCardKey(cardKey);
    const run = runId ? await getRun(services.db, groupId, runId) : null;
    return run ? cardFor(services, run, lang) : null;
  },
  exporters: [
    { keywords: [], run: (ctx) => exportSteps(ctx) },
    { keywords: exportWords(), run: (ctx) => exportSteps(ctx) },
  ],
  async helpTopic(ctx) {
    const code = ctx.args.trim().replace(/\?$/, '');
    if (!/^[A-Za-z]{1,3}(?:-[A-Za-z]{1,3})?\d{1,3}$/.test(code)) return null;
    return helpFor(withoutCodes(ctx, ctx.args), ctx.msg.thread, code);
  },
};
