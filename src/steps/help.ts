import type { Services } from '../core/feature.js';
import { t } from '../core/i18n.js';
import type { Citation, Language, Reply } from '../core/types.js';
import { sourceLabel } from '../core/source-label.js';
import type { StepDef, StepItem } from './definitions.js';
import { sourcePlaces } from './sources.js';
import { shorten } from './view.js';

// "Wat zeggen de documenten?" for one item: what the answer model quotes for its question, by passage.

export async function itemHelp(services: Services, groupId: string, step: StepDef, item: StepItem, lang: Language): Promise<Reply[]> {
  // The documents are Dutch, so the Dutch wording retrieves best; the reply is in the user's language.
  // The group's own documents count too, scoped as its questions are (AskOptions.group).
  // The figure that holds the question itself only repeats it: leave it out.
  const exclude = [{ document: step.document, lines: step.figure?.lines ?? item.lines }];
  const answer = await services.qa.answer(item.question.nl, { language: 'nl', group: groupId, exclude });
  const citations: Citation[] = answer.abstained ? [] : answer.citations.slice(0, 3);
  const quoted = (c: Citation) =>
    answer.quotes
      ?.filter((q) => q.n === c.n)
      .map((q) => q.text)
      .join(' ') || c.text;
  const head = `**${item.code}** — ${item.question[lang]}`;
  // Where the question stands, as people read it (figure, section, page); line numbers are for the JSON only.
  const place = (await sourcePlaces(services.db, step.document)).label(item.lines);
  const origin = t(lang, 'steps.help.origin', { where: [step.figure?.label ?? step.names[lang], place].join(', ') });
  if (citations.length === 0) return [{ text: `${head}\n_${origin}_\n\n${t(lang, 'steps.help.none')}`, language: lang }];
  const excerpts = citations.map((c) => `[${c.n}] ${sourceLabel(c, lang)}: “${shorten(quoted(c), 300)}”`).join('\n');
  return [{ text: `${head}\n_${origin}_\n\n${t(lang, 'steps.help.intro')}\n${excerpts}`, language: lang, citations }];
}
