/**
 * Footnote lines (part of line classification, classify.ts). PDF extraction puts a page's footnotes wherever
 * the page's text frame ended, often mid-sentence; two styles occur: below a separator line, and numbered lines
 * dumped at column 0. Footnotes become passages of their own and are never quoted as running text.
 */
import { endsWithHyphenBreak } from './inline.js';
import { isBody, type Line, lineAfter, lineBefore, notBlank } from './lines.js';

/** The footnote separator: a long run of spaces on a line of its own. */
export const SEPARATOR = /^ {30,}$/;
/** "N\ttext", "N text" or "N. text" at column 0. */
const NUMBERED = /^(\d{1,2})(\t|\.? )\s*\S/;
/** Glued references are looked for this many lines around a numbered footnote. */
const WINDOW = 160;

/**
 * Style with a separator line of spaces, then "N" alone (or "N text"), then the footnote text. The block runs
 * until the next page-start line that is not the first line of a footnote text.
 */
export function markSeparatorFootnotes(lines: Line[]): void {
  for (let i = 0; i < lines.length; i++) {
    if (!SEPARATOR.test(lines[i].raw)) continue;
    lines[i].role = 'separator';
    let afterNumber = false;
    let sawBlank = false;
    let last: Line | undefined;
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j];
      if (l.role === 'url') continue;
      if (l.role === 'blank') {
        // a line holding only a space is an empty page start: the footnote area has ended
        if (/^ +$/.test(l.raw) && !afterNumber) break;
        sawBlank = true;
        continue;
      }
      if (SEPARATOR.test(l.raw) || !isBody(l)) break;
      if (l.pageStart && !afterNumber) break;
      const num = /^(\d{1,2})(?:\s+(\S.*))?$/.exec(l.text);
      const isNumber = !!num && !l.pageStart;
      // after a blank line, a finished reference (ends in "." or a year) is followed by body text again
      if (sawBlank && !afterNumber && !isNumber && last && /(\.|\b(19|20)\d\d)\s*$/.test(last.text)) break;
      sawBlank = false;
      l.role = 'footnote';
      last = l;
      if (isNumber) {
        l.footnoteNo = Number(num[1]);
        afterNumber = !num[2];
      } else {
        afterNumber = false;
      }
    }
  }
}

/** A footnote number glued to a word or closing mark: "nodig1", "Vluchtelingenwerk.28", "(2014)27". */
// (the number first, what precedes it looked back at: the pattern is tried at every digit, not at every position)
const GLUED_REF = /(\d{1,2})(?<=(?:\p{L}{2}|[’”)]|\p{L}{3}\.)\d{1,2})(?![\d\p{L}-])/gu;
const HAS_DIGIT = /\d/;

/** For each footnote number, the indexes of the lines that hold a glued reference to it, in order. */
function gluedRefs(lines: Line[]): Map<number, number[]> {
  const at = new Map<number, number[]>();
  lines.forEach((l, k) => {
    if (!HAS_DIGIT.test(l.text)) return; // most lines: no number, nothing to search
    for (const n of new Set([...l.text.matchAll(GLUED_REF)].map((m) => Number(m[1])))) {
      if (!at.has(n)) at.set(n, []);
      at.get(n)!.push(k);
    }
  });
  return at;
}

/** A glued reference to footnote n in body text between line indexes from and to, other than line self. */
function hasGluedRef(lines: Line[], refs: Map<number, number[]>, from: number, to: number, n: number, self: number): boolean {
  return (refs.get(n) ?? []).some((k) => k >= from && k < to && k !== self && isBody(lines[k]));
}

/**
 * Footnotes written as "N\ttext", "N text" or "N. text" at column 0, usually dumped at a page bottom. A line is a
 * footnote only if a glued reference to the same number occurs nearby (this separates footnotes from list items)
 * and it is not a list item introduced by a colon. The block continues until a page start, URL dump or header.
 */
export function markNumberedFootnotes(lines: Line[]): void {
  const refs = gluedRefs(lines);
  let lastFootnote: { no: number; idx: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!isBody(l) || l.pageStart || /^\s/.test(l.raw)) continue;
    const m = NUMBERED.exec(l.raw);
    if (!m) continue;
    const n = Number(m[1]);
    if (n === 0) continue;
    const tabStyle = m[2] === '\t';
    if (!tabStyle) {
      const follows = lastFootnote && lastFootnote.no === n - 1 && i - lastFootnote.idx < 400;
      const referenced = hasGluedRef(lines, refs, i - WINDOW, i + WINDOW, n, i);
      if (!follows && !referenced) continue;
      const prev = lineBefore(lines, i, notBlank);
      if (prev && /:$/.test(prev.text)) continue;
      // a numbered list continuing from item n-1 that is body text is a list, not a footnote
      if (prev && isBody(prev) && new RegExp(`^${n - 1}\\.? `).test(prev.text) && m[2] !== ' ') continue;
      // without a reference to it, "2. …" after the body item "1. …" goes on with the list (not the footnotes)
      if (!referenced && m[2] === '. ' && listItemSince(lines, i, n - 1, lastFootnote?.idx ?? i - WINDOW)) continue;
    }
    l.role = 'footnote';
    l.footnoteNo = n;
    lastFootnote = { no: n, idx: i };
    // continuation lines of the footnote
    let prevLine = l;
    for (let j = i + 1; j < lines.length; j++) {
      const c = lines[j];
      if (c.role === 'blank') continue;
      if (!isBody(c)) break;
      if (c.pageStart || /^\s/.test(c.raw)) break;
      if (NUMBERED.test(c.raw)) break; // next footnote: handled by the outer loop
      if (/^\s?\t/.test(c.raw)) break; // a tab-indented heading
      const afterBlank = j > prevLine.n; // prevLine.n is 1-based: index of the next line
      if (afterBlank && !tabStyle && !endsWithHyphenBreak(prevLine.text) && !endsPageArea(lines, j)) break;
      c.role = 'footnote';
      prevLine = c;
      i = j;
    }
  }
}

/** Item `no` of a numbered list ("1. …") is body text between line index `from` and line index i. */
function listItemSince(lines: Line[], i: number, no: number, from: number): boolean {
  const item = new RegExp(`^${no}\\. \\S`);
  for (let k = i - 1; k > Math.max(from, -1); k--) if (isBody(lines[k]) && item.test(lines[k].text)) return true;
  return false;
}

/** True when line j is the last text before a URL dump, a page start or another footnote. */
function endsPageArea(lines: Line[], j: number): boolean {
  const next = lineAfter(lines, j, notBlank);
  if (!next) return true;
  return next.role === 'url' || next.pageStart || /^ +$/.test(next.raw) || /^\d{1,2}(\t|\.? )\S/.test(next.raw);
}
