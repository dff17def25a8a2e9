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
  // Paragraphs in short lines (callout boxes), compared with the others by word pairs once all are known.
  const callouts: number[] = [];
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
    if (shortLines) callouts.push(i);
  });
  const pairs = new Map(callouts.map((i) => [i, wordPairs(normed[i])]));
  const compared = callouts.filter((i) => pairs.get(i)!.size >= 5);
  if (compared.length === 0) return;
  const holders = unitsHolding(
    normed,
    compared.flatMap((i) => [...pairs.get(i)!]),
  );
  for (const i of compared) {
    const own = pairs.get(i)!;
    const shared = new Map<number, number>();
    for (const p of own) for (const j of holders.get(p)!) if (j !== i) shared.set(j, (shared.get(j) ?? 0) + 1);
    let best = 0;
    for (const [j, n] of shared) if (units[j].kind !== 'heading') best = Math.max(best, n / own.size);
    if (best >= 0.5) units[i].kind = 'quote';
  }
}

/** A normalised text's distinct pairs of neighbouring words. */
function wordPairs(text: string): Set<string> {
  const w = text.split(' ');
  const out = new Set<string>();
  for (let k = 0; k + 1 < w.length; k++) out.add(`${w[k]} ${w[k + 1]}`);
  return out;
}

/** For each of `wanted` (word pairs), the units whose normalised text holds it, in order, each once. */
function unitsHolding(normed: string[], wanted: string[]): Map<string, number[]> {
  const holders = new Map<string, number[]>();
  // Looked up by first word, then second: no pair string made for the many pairs not wanted.
  const byFirst = new Map<string, Set<string>>();
  for (const p of wanted) {
    holders.set(p, []);
    const [a, b] = p.split(' ');
    let seconds = byFirst.get(a);
    if (!seconds) byFirst.set(a, (seconds = new Set()));
    seconds.add(b);
  }
  normed.forEach((text, j) => {
    const w = text.split(' ');
    for (let k = 0; k + 1 < w.length; k++) {
      if (!byFirst.get(w[k])?.has(w[k + 1])) continue;
      const list = holders.get(`${w[k]} ${w[k + 1]}`)!;
      if (list.at(-1) !== j) list.push(j);
    }
  });
  return holders;
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
  // Where each word starts in `all`: a text of three words or more can only occur where one of its middle words
  // (whole, between spaces) does, so its rarest middle word gives the places to compare instead of a full search.
  let wordsAt: Map<string, number[]> | undefined;
  const positions = () => {
    if (wordsAt) return wordsAt;
    wordsAt = new Map();
    starts.forEach((start, k) => {
      let at = start;
      for (const w of normed[owners[k]].split(' ')) {
        const list = wordsAt!.get(w);
        if (list) list.push(at);
        else wordsAt!.set(w, [at]);
        at += w.length + 1;
      }
    });
    return wordsAt;
  };
  const repeatedAt = (i: number, pos: number) => {
    const j = ownerAt(pos);
    return j !== i && (normed[j].length > normed[i].length || j < i);
  };
  return (i) => {
    const text = normed[i];
    const tokens = text.split(' ');
    if (tokens.length < 3) {
      for (let pos = all.indexOf(text); pos >= 0; pos = all.indexOf(text, pos + 1)) if (repeatedAt(i, pos)) return true;
      return false;
    }
    let anchor: number[] | undefined;
    let offset = 0;
    for (let k = 1, at = tokens[0].length + 1; k < tokens.length - 1; at += tokens[k].length + 1, k++) {
      const list = positions().get(tokens[k]) ?? [];
      if (!anchor || list.length < anchor.length) [anchor, offset] = [list, at];
    }
    return anchor!.some((q) => q >= offset && all.startsWith(text, q - offset) && repeatedAt(i, q - offset));
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
