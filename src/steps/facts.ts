// Pulls the facts out of an answer ("45 jongeren tussen 18 en 23 (GGD-monitor 2024)") so that
// step 2 can line sizes up by year. Heuristic on purpose: the answer text itself is always kept.

export interface Quantity {
  value: number;
  unit?: string;
  raw: string;
  /** The year written right after the figure: "58 (2023)", "65 in 2025". */
  year?: number;
}

export interface Facts {
  quantities: (Quantity & { end?: number })[];
  years: number[];
  source?: string;
  /** The year the figures are about: first year in the text, else in the source. */
  year?: number;
}

const NOT_UNITS = new Set(
  'en of tot t/m tm tot-en-met in op van voor per naar met uit bij de het een die dat als is zijn was waren wordt worden and or to in on of for per the a at from with by are is was were'.split(
    ' ',
  ),
);
const YEAR_CUES = /(?:\b(?:in|sinds|vanaf|per|peiljaar|jaar|eind|begin|medio|tot|t\/m|uit|year|since|from|until|by|end|of)\s+)$/i;
/** "in 2023 waren er 1.250 woningen": a year before a figure dates it only after one of these words. */
const DATING_CUES = /(?:\b(?:in|per|peiljaar|eind|begin|medio|end|by)\s+)$/i;
const UNITS_BEFORE: Record<string, string> = { '€': 'euro', $: 'dollar' };
/** "bron: GGD-monitor 2024" / "(source: CBS)": the only way a typed answer names its source. */
const SOURCE = /(?<![\p{L}\p{N}])(?:bron|source)\s*:\s*([^\n();]*[^\s\n();.,])/iu;
/** A word, also with an apostrophe inside it: "studio's", "auto’s". */
const WORD = String.raw`[A-Za-zÀ-ÿ](?:[\wÀ-ÿ/-]|['’](?=[a-zà-ÿ]))*`;

/** Dutch and English number notation: "1.200" and "1,200" are thousands, "3,5" and "3.5" decimals. */
export function parseNumber(raw: string): number {
  if (/^\d{1,3}([.,]\d{3})+$/.test(raw)) return Number(raw.replace(/[.,]/g, ''));
  if (/^\d{1,3}(\.\d{3})+,\d+$/.test(raw)) return Number(raw.replace(/\./g, '').replace(',', '.'));
  if (/^\d+,\d+$/.test(raw)) return Number(raw.replace(',', '.'));
  return Number(raw);
}

const isYear = (n: number, raw: string) => /^\d{4}$/.test(raw) && n >= 1950 && n <= 2100;

export function parseFacts(text: string): Facts {
  const facts: Facts = { quantities: [], years: [] };
  // Brackets are ordinary text; a source is named with "bron:" and left out of the figures.
  const sourceMatch = text.match(SOURCE);
  if (sourceMatch) facts.source = sourceMatch[1].trim();
  const body = sourceMatch ? text.slice(0, sourceMatch.index) + text.slice(sourceMatch.index! + sourceMatch[0].length) : text;

  const quantities: (Quantity & { end: number })[] = [];
  /** "in 2023": waits for the figure it dates, in the same clause. */
  let dating: { year: number; end: number } | undefined;
  const re = new RegExp(String.raw`(?:(€|\$)\s?)?(\d+(?:[.,]\d+)*)(\+)?(?:\s?(%|${WORD}))?(?:\s(${WORD}))?`, 'g');
  for (const m of body.matchAll(re)) {
    const [, currency, rawNumber, plus, after, second] = m;
    const start = m.index ?? 0;
    if (start > 0 && /[\wÀ-ÿ-]/.test(body[start - 1]) && !currency) continue; // part of a word: "GGZ2", "A-D1"
    if (plus) continue; // an age bound such as "18+", not a figure
    const value = parseNumber(rawNumber);
    if (!Number.isFinite(value)) continue;
    const nextWord = after && !NOT_UNITS.has(after.toLowerCase()) ? after : undefined;
    const before = body.slice(Math.max(0, start - 20), start);
    if (!currency && isYear(value, rawNumber) && (!nextWord || YEAR_CUES.test(before))) {
      // A year is a year only next to the figure it dates: "58 (2023)", "65 in 2025", "in 2023 … 1.250 woningen".
      const last = quantities.at(-1);
      if (last && last.year === undefined && /^\s*(?:\(|in\s+|per\s+)?$/.test(body.slice(last.end, start))) {
        last.year = value;
        // "65 (2025) plekken": the word after the year is the figure's unit.
        const unitAfter = body.slice(start + rawNumber.length).match(new RegExp(String.raw`^\)\s+(${WORD})`));
        if (!last.unit && unitAfter && !NOT_UNITS.has(unitAfter[1])) last.unit = unitAfter[1].toLowerCase();
      } else if (DATING_CUES.test(before)) dating = { year: value, end: start + rawNumber.length };
      continue;
    }
    // "40 onzelfstandige wooneenheden": an adjective and its noun make the unit together.
    const twoWords = nextWord && second && /(?:ige|e)$/.test(nextWord.toLowerCase()) && !NOT_UNITS.has(second) && !/^\d/.test(second);
    const unitWords = currency ? UNITS_BEFORE[currency] : nextWord === '%' ? '%' : twoWords ? `${nextWord} ${second}` : nextWord;
    const unit = unitWords?.toLowerCase();
    const consumed = twoWords ? m[0].length : m[0].length - (second ? second.length + 1 : 0);
    const between = dating ? body.slice(dating.end, start) : '';
    const year = dating && !/[.;()\n]/.test(between) && between.trim().split(/\s+/).length <= 4 ? dating.year : undefined;
    dating = undefined;
    quantities.push({
      value,
      unit,
      raw: [currency, rawNumber, currency ? undefined : unitWords].filter(Boolean).join(' ').replace(' %', '%'),
      end: start + consumed,
      ...(year ? { year } : {}),
    });
  }
  // "van 58 (2023) naar 65 (2025) plekken": a bare figure with a year counts in the unit of the next dated one.
  for (const [i, q] of quantities.entries()) {
    if (q.unit || q.year === undefined) continue;
    const next = quantities.slice(i + 1).find((n) => n.unit && n.year !== undefined);
    if (next) q.unit = next.unit;
  }
  facts.quantities = quantities.map(({ end: _end, ...q }) => q);
  const figureYears = facts.quantities.flatMap((q) => (q.year === undefined ? [] : [q.year]));
  // The source's year ("bron: GGD-monitor 2024") dates figures that carry no year of their own.
  const sourceYears = facts.source ? [...facts.source.matchAll(/(?<!\d)(19[5-9]\d|20\d\d)(?!\d)/g)].map((m) => Number(m[1])) : [];
  facts.years = [...new Set([...figureYears, ...sourceYears])];
  facts.year = figureYears[0] ?? (facts.quantities.length ? sourceYears[0] : undefined);
  return facts;
}

/**
 * "45 jongeren, 12 plekken" for cards and reports. A figure shows its own year once ("67 jongeren (2025)");
 * `refYear` is added only when no figure has one.
 */
export function formatQuantities(f: Facts, refYear?: number | null): string {
  // Bare numbers next to counted ones are usually ages or ranges ("tussen 18 en 23"): leave them out.
  const counted = f.quantities.filter((q) => q.unit);
  const shown = counted.length ? counted : f.quantities;
  const list = shown
    .map((q) => `${q.unit === '%' ? `${q.value}%` : q.unit ? `${q.value} ${q.unit}` : `${q.value}`}${q.year ? ` (${q.year})` : ''}`)
    .join(', ');
  return refYear && !shown.some((q) => q.year) ? `${list} (${refYear})` : list;
}
