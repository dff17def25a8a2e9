// What the heading rules of every layout share: what a title looks like and how a heading wraps.
import { bodyWithin, indexOf, type Line } from '../lines.js';
import type { PassageKind } from '../types.js';

export interface Heading {
  /** First and last original line of the heading (headings can wrap over two or three lines). */
  line: number;
  endLine: number;
  level: number;
  label: string;
  kind?: PassageKind;
}

export const endsSentence = (t: string) => /[.!?:;’”)]$/.test(t);
const isBulletOrItem = (t: string) => /^([•\-–·o]\s|\d+[.)]\s|\(?[a-z]\)\s)/.test(t);

/** Short title-like line: the generic test for unnumbered sub-headings. */
export function isTitleLike(t: string, maxLen = 60): boolean {
  if (t.length < 3 || t.length > maxLen) return false;
  if (t.split(' ').length > 9) return false;
  if (!/^[\p{Lu}‘“]/u.test(t)) return false;
  if (/[.,;:]$/.test(t) || /-$/.test(t)) return false;
  if (/^(Figuur|Tabel|Bron)\b/i.test(t) || isBulletOrItem(t)) return false;
  return true;
}

export interface Wrapped {
  /** The title with its continuation lines. */
  title: string;
  endLine: number;
  /** Index of the heading's last line: the caller's loop goes on after it. */
  lastIndex: number;
}

/** A heading's title on line index i and its wrapped lines: up to two short lower-case lines without a sentence end. */
export function wrappedTitle(lines: Line[], i: number, title: string): Wrapped {
  const parts = [title];
  let cur = i;
  for (let step = 0; step < 2; step++) {
    if (/[.:;?!]$/.test(parts[parts.length - 1])) break;
    const next = bodyWithin(lines, cur, 1);
    if (!next) break;
    const t = next.text;
    if (t.length > 50 || !/^\p{Ll}/u.test(t) || /\.$/.test(t)) break;
    parts.push(t);
    cur = indexOf(next);
  }
  return { title: parts.join(' '), endLine: lines[cur].n, lastIndex: cur };
}

/** A heading that is only its own line. */
export const unwrapped = (lines: Line[], i: number, title: string): Wrapped => ({ title, endLine: lines[i].n, lastIndex: i });
