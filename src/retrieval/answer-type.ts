// What kind of answer a question asks for, and whether a passage can supply it. A question that
// asks for a percentage, an amount of money, a duration or contact details is only answerable by
// a passage that contains one; otherwise the bot abstains rather than answer around it.

export type AnswerType = 'percentage' | 'money' | 'duration' | 'count' | 'contact' | 'open';

const PATTERNS: [AnswerType, RegExp][] = [
  ['contact', /\b(telefoonnummer|e-?mail(adres)?|mailadres|phone( number)?|contactgegevens|contact details|adres van)\b/i],
  ['percentage', /\b(welk(e)? percentage|hoeveel procent|what percentage|which percentage|what share|welk aandeel|hoe groot is het aandeel)\b/i],
  ['money', /\b(hoeveel (geld|budget|euro)|wat kost|wat kosten|hoe duur|hoeveel kost|hoeveel bedraagt|huur per maand|how much (money|budget|does .* cost)|what does .* cost|bedrag)\b/i],
  ['duration', /\b(hoe lang (duurt|is de|zijn de)|wachttijd|how long (is the|does|do)|waiting time)\b/i],
  ['count', /\b(hoeveel|how many|aantal)\b/i],
];

export function expectedAnswerType(question: string): AnswerType {
  for (const [type, re] of PATTERNS) if (re.test(question)) return type;
  return 'open';
}

const EVIDENCE: Record<Exclude<AnswerType, 'open'>, RegExp> = {
  contact: /(\b0\d{1,3}[- ]?\d{6,8}\b|\+31|[\w.-]+@[\w-]+\.\w+)/,
  percentage: /(\d+([.,]\d+)?\s?(%|procent\b|percent\b)|\b(helft|kwart|derde|meerderheid|minderheid)\b)/i,
  money: /(€\s?\d|\d+\s?euro\b|\beuro\b|\b\d+([.,]\d+)?\s?(miljoen|miljard)\b)/i,
  duration: /\b(\d+|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|half|anderhalf)\s+(jaar|jaren|maand|maanden|week|weken|dag|dagen)\b/i,
  count: /\d|\b(twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|honderd|duizend|dozijn)\b/i,
};

/** True when the passage contains the kind of fact the question asks for. */
export function supplies(type: AnswerType, text: string): boolean {
  return type === 'open' || EVIDENCE[type].test(text);
}
