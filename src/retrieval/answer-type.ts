// What kind of answer a question asks for, and whether a passage can supply it. A question that
// asks for a percentage, an amount of money, a duration or contact details is only answerable by
// a passage that contains one; otherwise the bot abstains rather than answer around it.

export type AnswerType = 'percentage' | 'money' | 'duration' | 'count' | 'contact' | 'definition' | 'open';

const PATTERNS: [AnswerType, RegExp][] = [
  ['contact', /\b(telefoonnummer|e-?mail(adres)?|mailadres|phone( number)?|contactgegevens|contact details|adres van)\b/i],
  ['percentage', /\b(welk(e)? percentage|hoeveel procent|what percentage|which percentage|what share|welk aandeel|hoe groot is het aandeel)\b/i],
  ['money', /\b(hoeveel (geld|budget|euro)|wat kost|wat kosten|hoe duur|hoeveel kost|hoeveel bedraagt|huur per maand|how much (money|budget|does .* cost)|what does .* cost|bedrag)\b/i],
  ['duration', /\b(hoe lang (duurt|is de|zijn de)|wachttijd|how long (is the|does|do)|waiting time)\b/i],
  ['count', /\b(hoeveel|how many|aantal)\b/i],
  ['definition', /\b(verstaan onder|wat (is|zijn|betekent|bedoelt|bedoelen) (een |het |de )?|wat wordt (er )?bedoeld|definitie|omschrijving|what (is|are|does .* mean)|meant by|definition|mean by)\b/i],
];

/** Types precise enough that a passage without such a fact cannot answer the question. */
export const DECISIVE_TYPES: ReadonlySet<AnswerType> = new Set(['percentage', 'money', 'duration', 'contact']);

export function expectedAnswerType(question: string): AnswerType {
  for (const [type, re] of PATTERNS) if (re.test(question)) return type;
  return 'open';
}

const EVIDENCE: Record<Exclude<AnswerType, 'open'>, RegExp> = {
  contact: /(\b0\d{1,3}[- ]?\d{6,8}\b|\+31|[\w.-]+@[\w-]+\.\w+)/,
  percentage: /(\d+([.,]\d+)?\s?(%|procent\b|percent\b)|\b(helft|kwart|derde|meerderheid|minderheid)\b)/i,
  money: /(€\s?\d|\d+\s?euro\b|\beuro\b|\b\d+([.,]\d+)?\s?(miljoen|miljard)\b)/i,
  duration: /\b(\d+([.,]\d+)?|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|half|anderhalf)\s+(jaar|jaren|maand|maanden|week|weken|dag|dagen|uur|uren|minuten|kwartier|dagdeel|dagdelen)\b/i,
  definition: /\b(is een|zijn|betekent|houdt in|verstaan|bedoeld|bedoelen|omschrijving|definitie|wil zeggen|staat voor)\b/i,
  count: /\d|\b(twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|honderd|duizend|dozijn)\b/i,
};

/**
 * True when the passage states the kind of fact the question asks for next to what it asks about:
 * within two consecutive sentences, the fact (a percentage, an amount …) and at least half of the
 * question's focus concepts (each a set of alternative stems). `stemsOf` turns text into stems.
 */
export function supplies(type: AnswerType, text: string, focus?: Set<string>[], stemsOf?: (s: string) => Set<string>): boolean {
  if (type === 'open') return true;
  const evidence = EVIDENCE[type];
  if (!focus || !stemsOf || focus.length === 0) return evidence.test(text);
  const needed = Math.ceil(focus.length / 2);
  const sentences = text.split(/(?<=[.!?;])\s+|\s+(?=•)/);
  return sentences.some((sentence, i) => {
    if (!evidence.test(sentence)) return false;
    const stems = stemsOf([sentences[i - 1] ?? '', sentence, sentences[i + 1] ?? ''].join(' '));
    return focus.filter((alts) => [...alts].some((t) => stems.has(t))).length >= needed;
  });
}
