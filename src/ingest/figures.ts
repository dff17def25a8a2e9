/**
 * Paragraphs that are not running text although they sit in it: pull quotes (the magazine repeats a sentence
 * in large type), flattened figures and tables. They become passages of their own kind, never merged with text.
 */
import type { Line } from './lines.js';
import { firstLine, isCaption, lastLine, startsItem, type Unit, words } from './units.js';

const norm = (t: string) =>
  t
    .toLowerCase()
    .replace(/[‘’“”"'`]/g, '')
    .replace(/[^\p{L}\d]+/gu, ' ')
    .trim();

/**
 * Pull quotes: a short paragraph (not a list item) that repeats text found in another paragraph — verbatim, or,
 * for callout boxes set in short lines, with at least half of its word pairs taken from one other paragraph.
 */
export function tagQuotes(units: Unit[], lines: Line[], typicalLen: number): void {
  const normed = units.map((u) => norm(u.text));
  const repeats = repeatedIn(units, normed);
  // Every unit's word pairs and the units holding each pair, made when a unit is first compared (few are).
  let index: { pairs: Set<string>[]; byPair: Map<string, number[]> } | undefined;
  const compared = () => {
    if (index) return index;
    const pairs = normed.map((t) => {
      const w = t.split(' ');
      const out = new Set<string>();
      for (let k = 0; k + 1 < w.length; k++) out.add(`${w[k]} ${w[k + 1]}`);
      return out;
    });
    const byPair = new Map<string, number[]>();
    pairs.forEach((ps, j) => {
      for (const p of ps) {
        const list = byPair.get(p);
        if (list) list.push(j);
        else byPair.set(p, [j]);
      }
    });
    return (index = { pairs, byPair });
  };
  units.forEach((u, i) => {
    if (u.kind !== 'body' || startsItem(u.text) || /:$/.test(u.text)) return;
    const n = words(u.text);
    if (n < 6 || n > 60) return;
    if (repeats(i)) {
      u.kind = 'quote';
      return;
    }
    const lens = u.marks.map((m) => lines[m.line - 1].raw.trimEnd().length);
    const shortLines = lens.length <= 5 && lens.every((len) => len < 0.8 * typicalLen);
    if (!shortLines) return;
    const { pairs, byPair } = compared();
    if (pairs[i].size < 5) return;
    const shared = new Map<number, number>();
    for (const p of pairs[i]) for (const j of byPair.get(p)!) if (j !== i) shared.set(j, (shared.get(j) ?? 0) + 1);
    let best = 0;
    for (const [j, n] of shared) if (units[j].kind !== 'heading') best = Math.max(best, n / pairs[i].size);
    if (best >= 0.5) u.kind = 'quote';
  });
}

/**
 * Whether unit i's text occurs in a longer paragraph, or equals an earlier one (headings do not count). All texts
 * are searched as one string: one native search per unit instead of one per pair of units.
 */
function repeatedIn(units: Unit[], normed: string[]): (i: number) => boolean {
  const SEP = '\u0000'; // never in a normalised text, so no match spans two paragraphs
  const starts: number[] = [];
  const owners: number[] = [];
  let all = '';
  units.forEach((u, j) => {
    if (u.kind === 'heading') return;
    starts.push(all.length);
    owners.push(j);
    all += normed[j] + SEP;
  });
  const ownerAt = (pos: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return owners[lo];
  };
  return (i) => {
    const text = normed[i];
    for (let pos = all.indexOf(text); pos >= 0; pos = all.indexOf(text, pos + 1)) {
      const j = ownerAt(pos);
      if (j !== i && (normed[j].length > text.length || j < i)) return true;
    }
    return false;
  };
}

/** Flattened figures/tables: many short lines with few sentence ends, or a run of tiny cell paragraphs. */
export function tagFigures(units: Unit[], sectionKey: (u: Unit) => string): void {
  // runs of at least five tiny paragraphs close together (table cells separated by blank lines)
  const tiny = (u: Unit) => u.kind === 'body' && u.marks.length <= 3 && words(u.text) <= 20 && !startsItem(u.text);
  for (let i = 0; i < units.length;) {
    let j = i;
    while (
      j + 1 < units.length &&
      tiny(units[i]) &&
      tiny(units[j + 1]) &&
      sectionKey(units[j + 1]) === sectionKey(units[i]) &&
      firstLine(units[j + 1]) - lastLine(units[j]) <= 4
    )
      j++;
    const run = units.slice(i, j + 1);
    const cells = run.filter((u) => !/[.!?:]$/.test(u.text)).length;
    if (run.length >= 5 && cells / run.length >= 0.6) for (const u of run) u.kind = 'table';
    i = j + 1;
  }
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (u.kind !== 'body') continue;
    if (isCaption(u.text)) {
      u.kind = 'figure';
      continue;
    }
    const n = u.marks.length;
    if (n < 6) continue;
    const avg = u.text.length / n;
    const sentenceEnds = (u.text.match(/[.!?](\s|$)/g) ?? []).length;
    if (avg < 45 && sentenceEnds / n < 0.3) {
      const near = units.slice(Math.max(0, i - 2), i + 3).some((x) => isCaption(x.text));
      u.kind = near ? 'figure' : 'table';
    }
  }
}
