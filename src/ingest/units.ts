/**
 * A unit is a run of cleaned text that remembers, for every offset where an original line begins, that line's
 * number: paragraphs are built of them (paragraphs.ts) and passages merged from them (passages.ts), and the
 * line marks give each passage its exact citation range.
 */
import type { PassageKind } from './types.js';
import { joinLine, type Lexicon } from './inline.js';
import { MAX_CITATION_LINES } from '../retrieval/ranking.js';

/** lineEnd - lineStart of a passage: a passage is never longer than a citation may be. */
export const MAX_SPAN = MAX_CITATION_LINES - 1;
/** Passages of about 40–120 words: long enough to carry a point, short enough to rank by it. */
const MIN_WORDS = 40;
const MAX_WORDS = 120;

export interface Unit {
  text: string;
  marks: Array<{ pos: number; line: number }>;
  kind: PassageKind | 'heading';
  /** Index (line number - 1) to read the section path and kind from. */
  pathIdx: number;
}

export function words(t: string): number {
  // Counted, not matched: it runs on every paragraph several times. A word starts where \s (JavaScript's) ends.
  let n = 0;
  let inWord = false;
  for (let i = 0; i < t.length; i++) {
    const space = isSpace(t.charCodeAt(i));
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/** JavaScript's \s: white space and line terminators. */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
export const firstLine = (u: Unit) => u.marks[0].line;
export const lastLine = (u: Unit) => u.marks[u.marks.length - 1].line;
/** A figure caption ("Figuur 13: …") is a paragraph of its own. */
export const isCaption = (t: string) => /^Figuur\s/.test(t);
export const startsItem = (t: string) => /^([•\-–·]\s|\d{1,2}[.)]\s|\(?[a-z]\)\s|[a-z]\.\s)/.test(t);

export const emptyUnit = (kind: Unit['kind'], pathIdx: number): Unit => ({ text: '', marks: [], kind, pathIdx });

/** Appends original line `line` (its cleaned text) to the unit, joining hyphenation across the line end. */
export function appendLine(u: Unit, text: string, line: number, lexicon: Lexicon): void {
  const joined = joinLine(u.text, text, lexicon);
  u.text = joined.text;
  u.marks.push({ pos: joined.nextAt, line });
}

/** The part of a unit in [from, to), trimmed, with the lines whose content it holds. */
function slice(u: Unit, from: number, to: number): Unit {
  const text = u.text.slice(from, to).trim();
  const lead = u.text.slice(from, to).length - u.text.slice(from, to).trimStart().length;
  const start = from + lead;
  const marks: Unit['marks'] = [];
  let lineAtStart = u.marks[0].line;
  for (const m of u.marks) if (m.pos <= start) lineAtStart = m.line;
  marks.push({ pos: 0, line: lineAtStart });
  for (const m of u.marks) if (m.pos > start && m.pos < start + text.length) marks.push({ pos: m.pos - start, line: m.line });
  return { ...u, text, marks };
}

/** Split an oversized unit at sentence ends; a sentence longer than the span limit is cut at line starts. */
export function splitUnit(u: Unit): Unit[] {
  if (words(u.text) <= MAX_WORDS && lastLine(u) - firstLine(u) <= MAX_SPAN) return [u];
  const cuts = [0];
  const re = /[.!?…][’”)]*\s+(?=[\p{Lu}‘“(•\d–])/gu;
  for (const m of u.text.matchAll(re)) cuts.push(m.index + m[0].length);
  cuts.push(u.text.length);
  const sentences: Unit[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    if (cuts[k + 1] <= cuts[k]) continue;
    const s = slice(u, cuts[k], cuts[k + 1]);
    if (s.text) sentences.push(...cutByLines(s));
  }
  // regroup sentences into chunks within the limits
  const out: Unit[] = [];
  let acc: Unit | undefined;
  for (const s of sentences) {
    if (acc && fits(acc, s)) {
      acc = merge(acc, s);
    } else {
      if (acc) out.push(acc);
      acc = s;
    }
  }
  if (acc) out.push(acc);
  return out;
}

/** Cut at line starts so that no piece spans more than MAX_SPAN lines or MAX_WORDS * 1.5 words. */
function cutByLines(u: Unit): Unit[] {
  if (lastLine(u) - firstLine(u) <= MAX_SPAN && words(u.text) <= MAX_WORDS * 1.5) return [u];
  const out: Unit[] = [];
  let startPos = 0;
  let startLine = u.marks[0].line;
  for (const m of u.marks) {
    const w = words(u.text.slice(startPos, m.pos));
    if (m.pos > startPos && (m.line - startLine > MAX_SPAN || w >= MAX_WORDS)) {
      out.push(slice(u, startPos, m.pos));
      startPos = m.pos;
      startLine = m.line;
    }
  }
  out.push(slice(u, startPos, u.text.length));
  return out.filter((p) => p.text);
}

export function spanOf(a: Unit, b: Unit): number {
  return Math.max(lastLine(a), lastLine(b)) - Math.min(firstLine(a), firstLine(b));
}

/** Whether `next` may join `acc`: within the citation span, and within the word limits (a short one may grow more). */
export function fits(acc: Unit, next: Unit): boolean {
  if (spanOf(acc, next) > MAX_SPAN) return false;
  const own = words(acc.text);
  const w = own + words(next.text);
  return w <= MAX_WORDS || (own < MIN_WORDS && w <= MAX_WORDS * 1.5);
}

export function merge<T extends Unit>(a: T, b: Unit): T {
  const sep = a.text ? ' ' : '';
  const base = a.text.length + sep.length;
  return {
    ...a,
    text: a.text + sep + b.text,
    marks: [...a.marks, ...b.marks.map((m) => ({ pos: m.pos + base, line: m.line }))],
  };
}
