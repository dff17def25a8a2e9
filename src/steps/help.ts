import type { Services } from '../core/feature.js';
import { t } from '../core/i18n.js';
import type { Citation, Language, Reply } from '../core/types.js';
import { sourceLabel } from '../core/source-label.js';
import type { StepDef, StepItem } from './definitions.js';
import { sourcePlaces } from './sources.js';
import { shorten } from './view.js';

// "Wat zeggen de documenten?" for one item: the passages that best answer its question.

export async function itemHelp(services: Services, groupId: string, step: StepDef, item: StepItem, lang: Language): Promise<Reply[]> {
  // The documents are Dutch, so the Dutch wording retrieves best; the reply is in the user's language.
  // The group's own documents count too, scoped as its questions are (AskOptions.group).
  const found = await services.qa.search(item.question.nl, { k: 6, language: 'nl', group: groupId });
  // The figure that holds the question itself only repeats it: leave it out.
  const useful = found.filter((c) => !(c.document === step.document && overlaps(c.lines, step.figure?.lines ?? item.lines)));
  const citations: Citation[] = useful.slice(0, 3).map((c, i) => ({ ...c, n: i + 1 }));
  const head = `**${item.code}** — ${item.question[lang]}`;
  // Where the question stands, as people read it (figure, section, page); line numbers are for the JSON only.
  const place = (await sourcePlaces(services.db, step.document)).label(item.lines);
  const origin = t(lang, 'steps.help.origin', { where: [step.figure?.label ?? step.names[lang], place].join(', ') });
  if (citations.length === 0) return [{ text: `${head}\n_${origin}_\n\n${t(lang, 'steps.help.none')}`, language: lang }];
  const excerpts = citations.map((c) => `[${c.n}] ${sourceLabel(c, lang)}: “${shorten(c.text, 300)}”`).join('\n');
  return [{ text: `${head}\n_${origin}_\n\n${t(lang, 'steps.help.intro')}\n${excerpts}`, language: lang, citations }];
}

const overlaps = (a: [number, number], b: [number, number]) => a[0] <= b[1] && b[0] <= a[1];
