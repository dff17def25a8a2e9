/**
 * The original lines of a document and how to move between them. Every stage of ingestion works on these
 * lines (classify.ts gives each a role, sections.ts and pages.ts read the roles, paragraphs.ts joins the body
 * lines); the line number `n` is what a citation points at.
 */

export type LineRole =
  | 'body'
  | 'blank'
  | 'header' // running page header or section tab
  | 'pagenum' // lone page number
  | 'url' // link-annotation dump
  | 'footnote' // footnote text inserted mid-text
  | 'separator' // footnote separator line (long run of spaces)
  | 'sidelabel' // page-title label dumped into the body
  | 'outline' // appended PDF outline / bookmarks
  | 'toc' // table-of-contents entry ("Samenvatting\t\t  3")
  | 'excluded'; // OCR garbage and the like: never retrievable

export interface Line {
  /** 1-based line number in the original file; the line's index in the array is n - 1. */
  n: number;
  raw: string;
  role: LineRole;
  /** Normalised content (bullets, NBSP, tabs, whitespace); footnote markers are stripped later. */
  text: string;
  /** A single leading space marks the first line of a new page or text frame. */
  pageStart: boolean;
  /** Section name carried by a running header or section tab, for section detection. */
  headerLabel?: string;
  /** The running header names the section (a magazine's "… | Proeftuin De Ruwaard"), see knowledge/layouts. */
  sectionHeader?: boolean;
  /** Page number printed in a running header ("12 Vereniging van Nederlandse Gemeenten"). */
  headerPage?: number;
  /** Footnote number when this line starts a footnote. */
  footnoteNo?: number;
}

const PUA_BULLETS = /[\uF0B7\uF0BF\uF0A7\uF0D8\uF076]/g;

/** Whitespace and glyph normalisation for the index text; wording is untouched. */
export function normalizeLine(raw: string): string {
  // NBSP, the narrow and wide spaces and tabs are all \s: collapsed with the rest.
  return raw.replace(PUA_BULLETS, '•').replace(/\s+/g, ' ').trim();
}

export function isPageStart(raw: string): boolean {
  return /^ \S/.test(raw);
}

export const notBlank = (l: Line) => l.role !== 'blank';
export const isBody = (l: Line) => l.role === 'body';

/** The nearest line before line index i that `accept`s. */
export function lineBefore(lines: Line[], i: number, accept: (l: Line) => boolean): Line | undefined {
  for (let k = i - 1; k >= 0; k--) if (accept(lines[k])) return lines[k];
  return undefined;
}

/** The nearest line after line index i that `accept`s. */
export function lineAfter(lines: Line[], i: number, accept: (l: Line) => boolean): Line | undefined {
  for (let k = i + 1; k < lines.length; k++) if (accept(lines[k])) return lines[k];
  return undefined;
}

/** The next non-blank line after index i when it is body text with at most `maxBlank` blank lines between. */
export function bodyWithin(lines: Line[], i: number, maxBlank = 1): Line | undefined {
  const next = lineAfter(lines, i, notBlank);
  if (!next || !isBody(next)) return undefined;
  const blanks = next.n - 1 - i - 1;
  return blanks <= maxBlank ? next : undefined;
}

/** Index of a line in the array (lines are numbered from 1). */
export const indexOf = (l: Line) => l.n - 1;
