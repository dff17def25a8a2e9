import type { ActionContext, Context, Services } from '../core/feature.js';
import { t } from '../core/i18n.js';
import type { Button, Language, Reply } from '../core/types.js';
import type { Member } from '../groups/members.js';
import { cardFor, stepOf } from './card.js';
import { normCode, type StepDef } from './definitions.js';
import { stripPrefix } from '../core/grammar.js';
import { type AnswerSegment, parseThreadMessage, withoutItemMark } from './parse.js';
import { type Resolution, resolveItem } from './resolve.js';
import {
  type Run,
  addAnswer,
  addPendingAnswer,
  answersOfMessage,
  currentAnswers,
  getRun,
  ownLatestAnswer,
  reviseAnswer,
  runByThread,
  type StoredAnswer,
  takePendingAnswer,
} from './store.js';
import { shorten } from './view.js';

// Recording answers from thread messages, card inputs, and following edits and deletes.

export const MAX_ANSWER = 4000;

export function resolutionError(r: Exclude<Resolution, { ok: true }>, code: string, lang: Language): string {
  switch (r.reason) {
    case 'unknown_code':
      return t(lang, 'steps.error.unknown_code', { code, codes: r.step?.items.map((i) => i.code).join(', ') ?? '—' });
    case 'not_started':
      return t(lang, 'steps.error.not_started', { code: r.item.code, step: r.step.names[lang], alias: r.step.id });
    case 'ambiguous':
      return t(lang, 'steps.error.ambiguous', { code, steps: r.runs.map((x) => x.step.names[lang]).join(', ') });
    case 'closed':
      return t(lang, 'steps.error.closed', { step: r.step.names[lang] });
  }
}

/** Records the item answers of one message; replies with a confirmation and the updated card(s). */
export async function recordAnswers(ctx: Context, segments: AnswerSegment[]): Promise<Reply[] | null> {
  const { services, lang, groupId, msg } = ctx;
  const resolved: { seg: AnswerSegment; run: Run; code: string }[] = [];
  const errors: string[] = [];
  const choices: Reply[] = [];
  for (const seg of segments) {
    const r = await resolveItem(services.db, groupId, msg.thread, seg.code);
    if (!r) continue;
    if (!r.ok && r.reason === 'ambiguous' && seg.text) choices.push(await askWhichStep(ctx, r.runs, seg));
    else if (!r.ok) errors.push(resolutionError(r, seg.code, lang));
    else if (!seg.text) errors.push(t(lang, 'steps.error.empty_answer', { code: r.item.code }));
    else if (seg.text.length > MAX_ANSWER) errors.push(t(lang, 'steps.error.too_long', { code: r.item.code, max: MAX_ANSWER }));
    else resolved.push({ seg, run: r.run, code: r.item.code });
  }
  // Nothing that looks like ours: let the message be answered as a question.
  if (resolved.length === 0 && errors.length === 0 && choices.length === 0) return null;
  for (const x of resolved) {
    await addAnswer(services.db, {
      run: x.run,
      itemCode: x.code,
      member: ctx.member,
      body: x.seg.text,
      sourceMessage: msg.messageId,
      via: 'message',
    });
  }
  // Outside the step's own thread the confirmation names the step, so the channel knows where it went.
  const elsewhere = resolved.some((x) => !msg.thread || x.run.thread !== msg.thread);
  if (resolved.length === 0 && errors.length === 0) return choices;
  const done = resolved.map((x) => ({ run: x.run, code: x.code }));
  return [
    ...(await confirmation(ctx.services, ctx.member, done, errors, lang, elsewhere ? 'steps.answer.recorded_in' : 'steps.answer.recorded')),
    ...choices,
  ];
}

/** Buttons that file a pending answer under an item: value "<pendingId>:<runId>:<code>:<lang>". */
const assignButton = (pendingId: string, run: Run, code: string, label: string, lang: Language): Button => ({
  label,
  action: 'step.assign',
  value: `${pendingId}:${run.id}:${code}:${lang}`,
});

/** A code that belongs to several open steps: keep the answer and ask which step it is for. */
async function askWhichStep(
  ctx: Context,
  runs: { run: Run; step: StepDef }[],
  seg: AnswerSegment,
  extra?: (pending: string) => Button,
): Promise<Reply> {
  const { lang } = ctx;
  const pending = await addPendingAnswer(ctx.services.db, ctx.groupId, ctx.member.userId, seg.text, ctx.msg.messageId);
  const buttons = runs.map(({ run, step }) => {
    const code = step.items.find((i) => normCode(i.code) === normCode(seg.code))?.code ?? seg.code;
    return assignButton(pending, run, code, `${code} — ${step.names[lang]}`, lang);
  });
  if (extra) buttons.push(extra(pending));
  return {
    text: t(lang, 'steps.which.step', { code: seg.code, steps: runs.map((r) => r.step.names[lang]).join(', ') }),
    language: lang,
    buttons,
  };
}

/**
 * A message in a step's thread without an item code (and not a question): keep it and ask which
 * item it answers, with the open items as buttons; the text says how to do it by typing.
 */
export async function askWhichItem(ctx: Context, run: Run, text: string): Promise<Reply[]> {
  const { lang, services } = ctx;
  const step = stepOf(run);
  if (text.length > MAX_ANSWER) return [{ text: t(lang, 'steps.error.too_long', { code: '…', max: MAX_ANSWER }), language: lang }];
  const answered = new Set((await currentAnswers(services.db, [run.id])).map((a) => a.itemCode));
  const open = step.items.filter((i) => !answered.has(i.code));
  const choices = open.length ? open : step.items;
  const pending = await addPendingAnswer(services.db, ctx.groupId, ctx.member.userId, text, ctx.msg.messageId);
  const buttons = choices.map((i) => assignButton(pending, run, i.code, `${i.code} — ${shorten(i.question[lang], 40)}`, lang));
  const hint = t(lang, 'steps.which.hint', {
    example: `${choices[0].code}: ${shorten(text, 40)}`,
    codes: choices.map((i) => i.code).join(', '),
  });
  return [{ text: `${t(lang, 'steps.which.item')}\n${hint}`, language: lang, buttons }];
}

/**
 * "w3 gemengd wonen …" outside the step's thread: a code without a mark may be an answer or the start of a
 * question. Kept as a pending answer and asked back with Ja/Nee; it is never answered as a question.
 * Null when the code means nothing here (then it is an ordinary message).
 */
export async function askIfAnswer(ctx: Context, seg: AnswerSegment): Promise<Reply[] | null> {
  const { lang, services } = ctx;
  const r = await resolveItem(services.db, ctx.groupId, ctx.msg.thread, seg.code);
  if (!r) return null;
  if (!r.ok && r.reason !== 'ambiguous') return [{ text: resolutionError(r, seg.code, lang), language: lang }];
  if (seg.text.length > MAX_ANSWER) return [{ text: t(lang, 'steps.error.too_long', { code: seg.code, max: MAX_ANSWER }), language: lang }];
  const no = (pending: string): Button => ({ label: t(lang, 'steps.which.no'), action: 'step.discard', value: `${pending}:${lang}` });
  if (!r.ok) return [await askWhichStep(ctx, r.runs, seg, no)];
  const pending = await addPendingAnswer(services.db, ctx.groupId, ctx.member.userId, seg.text, ctx.msg.messageId);
  const step = stepOf(r.run);
  return [
    {
      text: `${t(lang, 'steps.which.elsewhere', { code: r.item.code, number: step.number })}\n„${shorten(seg.text, 200)}”`,
      language: lang,
      buttons: [
        { ...assignButton(pending, r.run, r.item.code, t(lang, 'steps.which.yes', { code: r.item.code }), lang), style: 'primary' },
        no(pending),
      ],
    },
  ];
}

/** "Nee" under "Bedoel je je antwoord bij W3?": the kept text is dropped (only by its author). */
export async function discardPending(ctx: ActionContext, value: string): Promise<Reply[]> {
  const [pendingId, langPart] = value.split(':');
  const lang: Language = langPart === 'en' ? 'en' : 'nl';
  const pending = await takePendingAnswer(ctx.services.db, ctx.groupId, pendingId ?? '', ctx.member.userId);
  if (!pending) return [{ text: t(lang, 'steps.which.gone'), language: lang, ephemeral: true }];
  const example = lang === 'en' ? 'What does the guide say about mixed housing?' : 'Wat zegt de handreiking over gemengd wonen?';
  return [{ text: t(lang, 'steps.which.dropped', { example }), language: lang, ephemeral: true }];
}

/** The author picked the item of a pending answer: record it as if typed with the code. */
export async function assignPending(ctx: ActionContext, value: string): Promise<Reply[]> {
  const [pendingId, runId, code, langPart] = value.split(':');
  const lang: Language = langPart === 'en' ? 'en' : 'nl';
  const { services } = ctx;
  const run = await getRun(services.db, ctx.groupId, runId ?? '');
  const item = run ? stepOf(run).items.find((i) => normCode(i.code) === normCode(code ?? '')) : undefined;
  if (!run || !item) return [{ text: t(lang, 'steps.error.unknown_run'), language: lang, ephemeral: true }];
  if (run.status !== 'open')
    return [{ text: t(lang, 'steps.error.closed', { step: stepOf(run).names[lang] }), language: lang, ephemeral: true }];
  const pending = await takePendingAnswer(services.db, ctx.groupId, pendingId ?? '', ctx.member.userId);
  if (!pending) return [{ text: t(lang, 'steps.which.gone'), language: lang, ephemeral: true }];
  await addAnswer(services.db, {
    run,
    itemCode: item.code,
    member: ctx.member,
    body: withoutItemMark(pending.body, item.code) || pending.body,
    sourceMessage: pending.sourceMessage ?? undefined,
    via: 'message',
  });
  return confirmation(services, ctx.member, [{ run, code: item.code }], [], lang, 'steps.answer.recorded_in');
}

/** `D2 intrekken` and `D2 wijzigen: …`: only the member's own latest answer to the item changes. */
export async function correctAnswer(ctx: Context, code: string, change: { withdraw: true } | { text: string }): Promise<Reply[] | null> {
  const { services, lang, groupId, msg } = ctx;
  const r = await resolveItem(services.db, groupId, msg.thread, code);
  if (!r) return null;
  if (!r.ok) return [{ text: resolutionError(r, code, lang), language: lang }];
  const own = await ownLatestAnswer(services.db, r.run, r.item.code, ctx.member.userId);
  if ('withdraw' in change) {
    if (!own) return [{ text: t(lang, 'steps.correct.none', { code: r.item.code }), language: lang }];
    await reviseAnswer(services.db, own, { withdrawn: true });
    return changed(services, [r.run], t(lang, 'steps.answer.withdrawn', { codes: r.item.code }), lang);
  }
  if (!change.text) return [{ text: t(lang, 'steps.error.empty_answer', { code: r.item.code }), language: lang }];
  if (change.text.length > MAX_ANSWER)
    return [{ text: t(lang, 'steps.error.too_long', { code: r.item.code, max: MAX_ANSWER }), language: lang }];
  if (!own) return recordAnswers(ctx, [{ code: r.item.code, text: change.text }]);
  await reviseAnswer(services.db, own, { body: change.text });
  return changed(services, [r.run], t(lang, 'steps.answer.edited', { codes: r.item.code }), lang);
}

export async function recordActionAnswer(
  services: Services,
  member: Member,
  run: Run,
  code: string,
  typed: string,
  lang: Language,
  source?: string,
): Promise<Reply[]> {
  // The card's source field is stored the way a typed "bron: …" is, so one parser reads both.
  const answer = withoutItemMark(typed, code);
  const text = answer + (source?.trim() ? `\nbron: ${source.trim()}` : '');
  if (!answer) return [{ text: t(lang, 'steps.error.empty_answer', { code }), language: lang, ephemeral: true }];
  if (text.length > MAX_ANSWER)
    return [{ text: t(lang, 'steps.error.too_long', { code, max: MAX_ANSWER }), language: lang, ephemeral: true }];
  await addAnswer(services.db, { run, itemCode: code, member, body: text.trim(), via: 'action' });
  return confirmation(services, member, [{ run, code }], [], lang, 'steps.answer.recorded');
}

async function confirmation(
  services: Services,
  member: Member,
  done: { run: Run; code: string }[],
  errors: string[],
  lang: Language,
  key: string,
): Promise<Reply[]> {
  const lines = [...errors];
  if (done.length) {
    const who = member.organisation
      ? `${member.displayName ?? member.userId} (${member.organisation})`
      : (member.displayName ?? member.userId);
    const steps = [...new Set(done.map((d) => stepOf(d.run).names[lang]))].join(', ');
    lines.unshift(t(lang, key, { codes: [...new Set(done.map((d) => d.code))].join(', '), who, step: steps }));
    if (!member.organisation) lines.push(t(lang, 'steps.answer.no_org'));
  }
  const runs = [...new Map(done.map((d) => [d.run.id, d.run])).values()];
  const cards = await Promise.all(runs.map((r) => cardFor(services, r, lang)));
  return [{ text: lines.join('\n'), language: lang }, ...cards];
}

/** An earlier message was edited or deleted: new versions of the answers it gave. */
export async function followMessageChange(ctx: Context): Promise<Reply[] | null> {
  const { services, msg, lang, groupId } = ctx;
  if (!msg.messageId) return null;
  const previous = await answersOfMessage(services.db, groupId, msg.messageId);
  if (previous.length === 0) return msg.kind === 'edit' ? answersAddedByEdit(ctx) : null;
  // Only the author changes their answers; platforms already enforce this, the check is for safety.
  const own = previous.filter((a) => a.userId === ctx.member.userId);
  if (own.length === 0) return null;
  const touched = new Map<string, Run>();
  const runOf = (runId: string) => getRun(services.db, groupId, runId);
  if (msg.kind === 'delete') {
    for (const a of own) {
      await reviseAnswer(services.db, a, { withdrawn: true });
      const run = await runOf(a.runId);
      if (run) touched.set(run.id, run);
    }
    return changed(
      services,
      [...touched.values()],
      t(lang, 'steps.answer.withdrawn', { codes: own.map((a) => a.itemCode).join(', ') }),
      lang,
    );
  }
  const segments = editedSegments(msg.text, own);
  const byCode = new Map(segments.map((s) => [normCode(s.code), s]));
  // "D2: …" edited into "D3: …": the one answer of the message moves to the other item.
  const moved = own.length === 1 && segments.length === 1 && !byCode.has(normCode(own[0].itemCode)) && segments[0].text !== '';
  const edited: string[] = [];
  const withdrawn: string[] = [];
  for (const a of own) {
    const seg = byCode.get(normCode(a.itemCode));
    byCode.delete(normCode(a.itemCode));
    // Only an emptied message or an explicit "D2 intrekken" withdraws; a code left out of the edit keeps its answer.
    if (seg ? !seg.text : moved) {
      await reviseAnswer(services.db, a, { withdrawn: true });
      withdrawn.push(a.itemCode);
    } else if (seg && seg.text !== a.body) {
      await reviseAnswer(services.db, a, { body: seg.text.slice(0, MAX_ANSWER) });
      edited.push(a.itemCode);
    } else continue;
    const run = await runOf(a.runId);
    if (run) touched.set(run.id, run);
  }
  // Codes added by the edit become new answers of the same message.
  const added: string[] = [];
  for (const seg of byCode.values()) {
    const r = await resolveItem(services.db, groupId, msg.thread, seg.code);
    if (!r?.ok || !seg.text) continue;
    await addAnswer(services.db, {
      run: r.run,
      itemCode: r.item.code,
      member: ctx.member,
      body: seg.text.slice(0, MAX_ANSWER),
      sourceMessage: msg.messageId,
      via: 'message',
    });
    added.push(r.item.code);
    touched.set(r.run.id, r.run);
  }
  const lines = [
    edited.length ? t(lang, 'steps.answer.edited', { codes: edited.join(', ') }) : '',
    withdrawn.length ? t(lang, 'steps.answer.withdrawn', { codes: withdrawn.join(', ') }) : '',
    added.length ? t(lang, 'steps.answer.recorded', { codes: added.join(', '), who: ctx.member.displayName ?? ctx.member.userId }) : '',
  ].filter(Boolean);
  if (lines.length === 0) return [];
  return changed(services, [...touched.values()], lines.join('\n'), lang);
}

/** A message that gave no answer (yet, or no more) edited into one: "Samen koken" → "D4: Samen koken". */
async function answersAddedByEdit(ctx: Context): Promise<Reply[] | null> {
  const intent = parseThreadMessage(ctx.msg.text);
  if (intent?.kind === 'answers') return recordAnswers(ctx, intent.segments);
  if (intent?.kind !== 'loose' || !ctx.msg.thread) return null;
  // Without a mark only in the step's own thread, as for a new message.
  const run = await runByThread(ctx.services.db, ctx.groupId, ctx.msg.thread);
  return run?.status === 'open' ? recordAnswers(ctx, [intent.segment]) : null;
}

/**
 * What an edited message now says per item. An empty text, or "D2 intrekken", is an empty answer (withdraw);
 * a text without any code edits the message's one answer (it was filed with a button, or typed "D2 …").
 */
function editedSegments(raw: string, own: StoredAnswer[]): AnswerSegment[] {
  const text = stripPrefix(raw).trim();
  if (!text) return own.map((a) => ({ code: a.itemCode, text: '' }));
  const intent = parseThreadMessage(text);
  if (intent?.kind === 'answers') return intent.segments;
  if (intent?.kind === 'loose') return [intent.segment];
  if (intent?.kind === 'replace') return [{ code: intent.code, text: intent.text }];
  if (intent?.kind === 'withdraw') return [{ code: intent.code, text: '' }];
  return own.length === 1 ? [{ code: own[0].itemCode, text: withoutItemMark(text, own[0].itemCode) }] : [];
}

async function changed(services: Services, runs: Run[], text: string, lang: Language): Promise<Reply[]> {
  const cards = await Promise.all(runs.map((r) => cardFor(services, r, lang)));
  return [{ text, language: lang }, ...cards];
}
