import type { Context, Services } from '../core/feature.js';
import { t } from '../core/i18n.js';
import type { Language, Reply } from '../core/types.js';
import type { Member } from '../groups/members.js';
import { cardFor } from './card.js';
import { normCode } from './definitions.js';
import { type AnswerSegment, parseAnswers } from './parse.js';
import { type Resolution, resolveItem } from './resolve.js';
import { type Run, addAnswer, answersOfMessage, getRun, reviseAnswer } from './store.js';

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
  for (const seg of segments) {
    const r = await resolveItem(services.db, groupId, msg.thread, seg.code);
    if (!r) continue;
    if (!r.ok) errors.push(resolutionError(r, seg.code, lang));
    else if (!seg.text) errors.push(t(lang, 'steps.error.empty_answer', { code: r.item.code }));
    else if (seg.text.length > MAX_ANSWER) errors.push(t(lang, 'steps.error.too_long', { code: r.item.code, max: MAX_ANSWER }));
    else resolved.push({ seg, run: r.run, code: r.item.code });
  }
  // Nothing that looks like ours: let the message be answered as a question.
  if (resolved.length === 0 && errors.length === 0) return null;
  for (const x of resolved) {
    await addAnswer(services.db, { run: x.run, itemCode: x.code, member: ctx.member, body: x.seg.text, sourceMessage: msg.messageId, via: 'message' });
  }
  return confirmation(ctx.services, ctx.member, resolved.map((x) => ({ run: x.run, code: x.code })), errors, lang, 'steps.answer.recorded');
}

export async function recordActionAnswer(services: Services, member: Member, run: Run, code: string, text: string, lang: Language): Promise<Reply[]> {
  if (!text.trim()) return [{ text: t(lang, 'steps.error.empty_answer', { code }), language: lang, ephemeral: true }];
  if (text.length > MAX_ANSWER) return [{ text: t(lang, 'steps.error.too_long', { code, max: MAX_ANSWER }), language: lang, ephemeral: true }];
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
    const who = member.organisation ? `${member.displayName ?? member.userId} (${member.organisation})` : (member.displayName ?? member.userId);
    lines.unshift(t(lang, key, { codes: [...new Set(done.map((d) => d.code))].join(', '), who }));
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
  if (previous.length === 0) return null;
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
    return changed(services, [...touched.values()], t(lang, 'steps.answer.withdrawn', { codes: own.map((a) => a.itemCode).join(', ') }), lang);
  }
  const segments = parseAnswers(msg.text);
  const byCode = new Map(segments.map((s) => [normCode(s.code), s]));
  const edited: string[] = [];
  const withdrawn: string[] = [];
  for (const a of own) {
    const seg = byCode.get(normCode(a.itemCode));
    byCode.delete(normCode(a.itemCode));
    if (!seg || !seg.text) {
      await reviseAnswer(services.db, a, { withdrawn: true });
      withdrawn.push(a.itemCode);
    } else if (seg.text !== a.body) {
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
    await addAnswer(services.db, { run: r.run, itemCode: r.item.code, member: ctx.member, body: seg.text.slice(0, MAX_ANSWER), sourceMessage: msg.messageId, via: 'message' });
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

async function changed(services: Services, runs: Run[], text: string, lang: Language): Promise<Reply[]> {
  const cards = await Promise.all(runs.map((r) => cardFor(services, r, lang)));
  return [{ text, language: lang }, ...cards];
}
