import type { Services } from '../core/feature.js';
import { t } from '../core/i18n.js';
import type { Language, Reply } from '../core/types.js';
import { createLlm } from '../llm/client.js';
import { log } from '../log.js';
import { fencedMessages } from '../llm/prompts.js';
import { baseOf } from './card.js';
import type { StepDef, StepItem } from './definitions.js';
import { currentAnswers, type Run, type StoredAnswer } from './store.js';
import { answererLabel, basisOf, day, orgLabel, shorten } from './view.js';

// A draft analysis for a step-2 item, written by the LLM from the step-1 answers it draws on.
// Every answer gets a number; the draft must cite them, and the reply lists what the numbers are.

export async function draftAnalysis(services: Services, run: Run, step: StepDef, item: StepItem, lang: Language): Promise<Reply[]> {
  const base = await baseOf(services, run.groupId, step);
  const own = (await currentAnswers(services.db, [run.id])).filter((a) => a.itemCode === item.code);
  const basis = base ? basisOf(step, base.step, base.answers).find((b) => b.item.code === item.code) : undefined;
  const numbered: { code: string; a: StoredAnswer }[] = [
    ...(basis?.lines.flatMap((l) => l.answers.map((a) => ({ code: l.code, a }))) ?? []),
    ...own.map((a) => ({ code: item.code, a })),
  ];
  const sources = numbered.map(({ code, a }, i) => `[${i + 1}] ${code} — ${answerRef(a, lang)}`);
  if (numbered.length === 0) {
    return [{ text: t(lang, 'steps.draft.nothing', { code: item.code, codes: item.drawsOn.join(', ') || '—' }), language: lang }];
  }
  // Without a model the member still gets what the draft would build on: the answers themselves.
  const quote = (s: string) => (lang === 'en' ? `“${s}”` : `„${s}”`);
  const withTexts = numbered.map(({ code, a }, i) => `[${i + 1}] ${code}: ${quote(shorten(a.body, 300))} — ${answerRef(a, lang)}`);
  if (!services.config.llm) {
    return [{ text: `${t(lang, 'steps.draft.no_llm', { code: item.code })}\n${withTexts.join('\n')}`, language: lang }];
  }
  // The step's question and guidance are ours (rules); members' answers are fenced data.
  const messages = fencedMessages(
    `steps-analysis.${lang}`,
    {
      question: `${item.code}: ${item.question[lang]}`,
      guidance: step.guidance.map((g) => `- ${g[lang]}`).join('\n'),
      empty: basis?.empty.join(', ') || '—',
    },
    [['answers', numbered.map(({ code, a }, i) => `[${i + 1}] ${code} (${answerRef(a, lang)}): ${a.body}`).join('\n')]],
  );
  try {
    const text = await createLlm(services.config.llm).chat(messages);
    if (!text) throw new Error('empty completion');
    return [
      {
        text: `**${t(lang, 'steps.draft.title', { code: item.code })}**\n\n${text}\n\n${t(lang, 'steps.draft.sources')}\n${sources.join('\n')}`,
        language: lang,
        aiGenerated: true,
      },
    ];
  } catch (err) {
    log.child({ group: run.groupId }).error({ err: (err as Error).message }, 'step draft failed');
    return [{ text: `${t(lang, 'steps.draft.failed')}\n${withTexts.join('\n')}`, language: lang }];
  }
}

function answerRef(a: StoredAnswer, lang: Language): string {
  return [answererLabel(a), orgLabel(a, lang), day(a.updatedAt), a.facts.source].filter(Boolean).join(', ');
}
