/**
 * Line-level cleaning of PDF-extracted text. Every original line gets a role; only 'body' lines carry the
 * authors' wording into passages. Cleaning never rewrites words: it only drops artefact lines, strips glued
 * footnote markers, joins line-end hyphenation and normalises whitespace/bullets.
 * See knowledge/EXTRACTION-NOTES.md for the artefacts handled here.
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
  /** 1-based line number in the original file. */
  n: number;
  raw: string;
  role: LineRole;
  /** Normalised content (bullets, NBSP, tabs, whitespace); footnote markers are stripped later. */
  text: string;
  /** A single leading space marks the first line of a new page or text frame. */
  pageStart: boolean;
  /** Label of a running header (magazine style), for section detection. */
  headerLabel?: string;
  /** Footnote number when this line starts a footnote. */
  footnoteNo?: number;
}

const PUA_BULLETS = /[\uF0B7\uF0BF\uF0A7\uF0D8\uF076]/g;

/** Whitespace and glyph normalisation for the index text; wording is untouched. */
export function normalizeLine(raw: string): string {
  return raw
    .replace(PUA_BULLETS, '•')
    .replace(/[\u00A0\u2002\u2003\u2009\u202F\t]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const URL_START = /^(https?:\/\/|www\.|file:|ftp:\/\/|mailto:)/i;
const VNG_HEADER = /^\s*\d{1,3}[\s\u2003]+Vereniging van Nederlandse Gemeenten\s*$/;
const MAGAZINE_HEADER = /^\s*Samenwerken aan leefbare en vitale buurten\.\s*‘Zo doen we dat!’\s*\|\s*(.*?)\s*$/;
const SECTION_TAB = /^ [A-ZÀ-Ý]{4,}\s*$/;
const SEPARATOR = /^ {30,}$/;
/** TOC entries end in tab(s) and a page number. */
const TOC_ENTRY = /\S.*\t\s*\d{1,3}\s*$/;

export function isPageStart(raw: string): boolean {
  return /^ \S/.test(raw);
}

function isBlankRaw(raw: string): boolean {
  return normalizeLine(raw) === '';
}

/** Classify every line of a document. */
export function classifyLines(text: string): Line[] {
  const raws = text.split(/\r?\n/);
  const lines: Line[] = raws.map((raw, i) => ({
    n: i + 1,
    raw,
    role: isBlankRaw(raw) && !SEPARATOR.test(raw) ? 'blank' : 'body',
    text: normalizeLine(raw),
    pageStart: isPageStart(raw),
  }));

  markOutline(lines);
  markOcrGarbage(lines);
  for (const l of lines) if (l.role === 'body' && TOC_ENTRY.test(l.raw)) l.role = 'toc';
  markHeaders(lines);
  markUrls(lines);
  markSeparatorFootnotes(lines);
  markNumberedFootnotes(lines);
  markPageNumbers(lines);
  markSideLabels(lines);
  return lines;
}

function markHeaders(lines: Line[]): void {
  for (const l of lines) {
    if (l.role !== 'body') continue;
    const m = MAGAZINE_HEADER.exec(l.raw);
    if (m) {
      l.role = 'header';
      l.headerLabel = m[1];
    } else if (VNG_HEADER.test(l.raw) || SECTION_TAB.test(l.raw)) {
      l.role = 'header';
      if (SECTION_TAB.test(l.raw)) l.headerLabel = l.text;
    }
  }
}

/** Link annotations: URL lines plus the wrapped remainder of a URL on the next line(s). */
function markUrls(lines: Line[]): void {
  let prevUrl: Line | undefined;
  for (const l of lines) {
    if (l.role === 'blank') continue;
    if (l.role !== 'body') {
      prevUrl = undefined;
      continue;
    }
    if (URL_START.test(l.text)) {
      l.role = 'url';
      prevUrl = l;
      continue;
    }
    // "https://" alone, or a URL wrapped after '-', '/', '=' continues on the next line without spaces.
    if (prevUrl && !l.pageStart && !/\s/.test(l.text)) {
      const wrapped = /(\/\/|[-\/=?&%])$/.test(prevUrl.text) || /^[\w.-]+\/\S*$/.test(l.text);
      if (wrapped) {
        l.role = 'url';
        prevUrl = l;
        continue;
      }
    }
    prevUrl = undefined;
  }
}

/**
 * Style with a separator line of spaces, then "N" alone (or "N text"), then the footnote text. The block runs
 * until the next page-start line that is not the first line of a footnote text.
 */
function markSeparatorFootnotes(lines: Line[]): void {
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
      if (SEPARATOR.test(l.raw) || l.role !== 'body') break;
      if (l.pageStart && !afterNumber) break;
      const num = /^(\d{1,2})(?:\s+(\S.*))?$/.exec(l.text);
      const isNumber = !!num && !l.pageStart;
      // after a blank line, a finished reference (ends in "." or a year) is followed by body text again
      if (sawBlank && !afterNumber && !isNumber && last && /(\.|\b(19|20)\d\d)\s*$/.test(last.text)) break;
      sawBlank = false;
      l.role = 'footnote';
      last = l;
      if (isNumber) {
        l.footnoteNo = Number(num![1]);
        afterNumber = !num![2];
      } else {
        afterNumber = false;
      }
    }
  }
}

/** Glued reference to footnote n somewhere in the window: "nodig1", "Vluchtelingenwerk.28", "(2014)27". */
function hasGluedRef(lines: Line[], from: number, to: number, n: number, self: number): boolean {
  const re = new RegExp(`(?:\\p{L}{2}|[’”)]|\\p{L}{3}\\.)${n}(?![\\d\\p{L}-])`, 'u');
  for (let k = Math.max(0, from); k < Math.min(lines.length, to); k++) {
    if (k === self || lines[k].role !== 'body') continue;
    if (re.test(lines[k].text)) return true;
  }
  return false;
}

/**
 * Footnotes written as "N\ttext", "N text" or "N. text" at column 0, usually dumped at a page bottom. A line is a
 * footnote only if a glued reference to the same number occurs nearby (this separates footnotes from list items)
 * and it is not a list item introduced by a colon. The block continues until a page start, URL dump or header.
 */
function markNumberedFootnotes(lines: Line[]): void {
  const WINDOW = 160;
  let lastFootnote: { no: number; idx: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.role !== 'body' || l.pageStart || /^\s/.test(l.raw)) continue;
    const m = /^(\d{1,2})(\t|\.? )\s*\S/.exec(l.raw);
    if (!m) continue;
    const n = Number(m[1]);
    if (n === 0) continue;
    const tabStyle = m[2] === '\t';
    if (!tabStyle) {
      const follows = lastFootnote && lastFootnote.no === n - 1 && i - lastFootnote.idx < 400;
      if (!follows && !hasGluedRef(lines, i - WINDOW, i + WINDOW, n, i)) continue;
      const prev = prevContent(lines, i);
      if (prev && /:$/.test(prev.text)) continue;
      // a numbered list continuing from item n-1 that is body text is a list, not a footnote
      if (prev && prev.role === 'body' && new RegExp(`^${n - 1}\\.? `).test(prev.text) && m[2] !== ' ') continue;
    }
    l.role = 'footnote';
    l.footnoteNo = n;
    lastFootnote = { no: n, idx: i };
    // continuation lines of the footnote
    let prevLine = l;
    for (let j = i + 1; j < lines.length; j++) {
      const c = lines[j];
      if (c.role === 'blank') continue;
      if (c.role !== 'body') break;
      if (c.pageStart || /^\s/.test(c.raw)) break;
      if (/^(\d{1,2})(\t|\.? )\s*\S/.test(c.raw)) break; // next footnote: handled by the outer loop
      if (isHeadingLike(c.raw)) break;
      const afterBlank = j > prevLine.n; // prevLine.n is 1-based: index of the next line
      if (afterBlank && !tabStyle && !endsWithHyphenBreak(prevLine.text) && !endsPageArea(lines, j)) break;
      c.role = 'footnote';
      prevLine = c;
      i = j;
    }
  }
}

/** True when line j is the last text before a URL dump, a page start or another footnote. */
function endsPageArea(lines: Line[], j: number): boolean {
  const next = nextContent(lines, j);
  if (!next) return true;
  return next.role === 'url' || next.pageStart || /^ +$/.test(next.raw) || /^\d{1,2}(\t|\.? )\S/.test(next.raw);
}

function isHeadingLike(raw: string): boolean {
  return /^\s?\t/.test(raw);
}

function prevContent(lines: Line[], i: number): Line | undefined {
  for (let k = i - 1; k >= 0; k--) if (lines[k].role !== 'blank') return lines[k];
  return undefined;
}

function nextContent(lines: Line[], i: number): Line | undefined {
  for (let k = i + 1; k < lines.length; k++) if (lines[k].role !== 'blank') return lines[k];
  return undefined;
}

/** Lone page numbers ("3", " 18") between text lines. */
function markPageNumbers(lines: Line[]): void {
  for (const l of lines) {
    if (l.role === 'body' && /^\s?\d{1,3}\s*$/.test(l.raw)) l.role = 'pagenum';
  }
}

/**
 * Page-title labels dumped into the running text: a line equal to a running-header label, or a short isolated
 * line that interrupts a sentence (previous text has no sentence end, next text starts in lower case).
 */
function markSideLabels(lines: Line[]): void {
  // only magazine-style headers ("… ‘Zo doen we dat!’  |  label") carry labels that get dumped as side labels
  const labels = new Set(
    lines.filter((l) => l.headerLabel && MAGAZINE_HEADER.test(l.raw)).map((l) => l.headerLabel!.trim()),
  );
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.role !== 'body') continue;
    if (labels.has(l.text)) {
      l.role = 'sidelabel';
      continue;
    }
  }
  if (labels.size === 0) return;
  for (const l of lines) if (l.role === 'outline') labels.add(l.text);
  for (const l of lines) if (l.role === 'body' && labels.has(l.text)) l.role = 'sidelabel';
  // Magazine layout: short isolated lines that interrupt a sentence or precede a link dump are page labels.
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 1; i < lines.length - 1; i++) {
      const l = lines[i];
      if (l.role !== 'body' || l.text.length > 60 || /[.:;,!?]$/.test(l.text)) continue;
      if (lines[i - 1].role !== 'blank' || lines[i + 1].role !== 'blank') continue;
      const after = nextContent(lines, i);
      if (after && (after.role === 'url' || after.role === 'header')) {
        l.role = 'sidelabel';
        continue;
      }
      const prev = prevBody(lines, i);
      const next = nextBody(lines, i);
      if (!prev || !next) continue;
      if (/[.!?:’”)]$/.test(prev.text) || /-$/.test(prev.text)) continue;
      if (!/^\p{Ll}/u.test(next.text)) continue;
      l.role = 'sidelabel';
    }
  }
}

function prevBody(lines: Line[], i: number): Line | undefined {
  for (let k = i - 1; k >= 0; k--) if (lines[k].role === 'body') return lines[k];
  return undefined;
}
function nextBody(lines: Line[], i: number): Line | undefined {
  for (let k = i + 1; k < lines.length; k++) if (lines[k].role === 'body') return lines[k];
  return undefined;
}

/** A PDF outline appended at the end: a trailing run of tab-indented short lines. */
function markOutline(lines: Line[]): void {
  let k = lines.length - 1;
  while (k >= 0 && lines[k].role === 'blank') k--;
  const end = k;
  while (k >= 0 && /^\t\S/.test(lines[k].raw) && lines[k].text.length < 80) k--;
  if (end - k >= 5) for (let j = k + 1; j <= end; j++) lines[j].role = 'outline';
}

/** Tokens typical of OCR on a scanned page: glyphs glued into words, case flips inside words. */
function ocrOddTokens(text: string): number {
  let odd = 0;
  for (const tok of text.split(' ')) {
    if (/\p{L}[§Í€\\\[\]]|[§Í\\\[\]]\p{L}/u.test(tok)) odd++;
    else if (/\p{Ll}\p{Lu}/u.test(tok) && !/^(?:\p{Lu}?\p{Ll}+\p{Lu}\p{Ll}*|i\p{Lu}.*)$/u.test(tok)) odd++;
    else if (/\p{L}[ËÍÓ]\p{L}/u.test(tok)) odd++;
  }
  return odd;
}

/**
 * OCR'd scans appear as a trailing block after a run of whitespace-only lines. Exclude such a block when many
 * of its lines contain OCR-typical tokens.
 */
function markOcrGarbage(lines: Line[]): void {
  let runStart = -1;
  const blocks: Array<[number, number]> = [];
  let blockStart = 0;
  for (let i = 0; i <= lines.length; i++) {
    const ws = i < lines.length && lines[i].role === 'blank';
    if (ws && runStart < 0) runStart = i;
    if (!ws && runStart >= 0) {
      if (i - runStart >= 8) {
        blocks.push([blockStart, runStart]);
        blockStart = i;
      }
      runStart = -1;
    }
  }
  blocks.push([blockStart, lines.length]);
  for (const [s, e] of blocks) {
    const content = lines.slice(s, e).filter((l) => l.role !== 'blank');
    if (content.length < 5) continue;
    const oddLines = content.filter((l) => ocrOddTokens(l.text) > 0).length;
    if (oddLines / content.length >= 0.25) for (let j = s; j < e; j++) lines[j].role = 'excluded';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Inline cleaning

/** Names that end in digits and are not footnote markers. */
const NAMES_WITH_DIGITS = /^(?:Platform31|G\d+|Place2BU|Aanpak16)$/i;

/**
 * Strip footnote reference numbers glued to a word or closing mark ("nodig1" → "nodig", "miljoen40" →
 * "miljoen", "Vluchtelingenwerk.28" → "Vluchtelingenwerk.", "(23+)5" → "(23+)"). Numbers such as "375.000",
 * "18-27", years and amounts are never touched because the marker must follow a letter or closing mark.
 */
export function stripFootnoteMarkers(text: string, maxFootnote = 99): string {
  return text.replace(
    /(\p{L}+|[’”)])(\.?)(\d{1,2})(?![\d\p{L}\-\/@])/gu,
    (all, word: string, dot: string, num: string, offset: number, whole: string) => {
      const n = Number(num);
      if (n === 0 || n > maxFootnote) return all;
      if (NAMES_WITH_DIGITS.test(word + num)) return all;
      const before = whole.slice(0, offset);
      // "p.15": page references; words of one letter ("G40") are names or codes.
      if (/\p{L}/u.test(word) && word.length < 2) return all;
      if (dot && word.length < 3) return all;
      if (/(?:\bp|\bpag)$/i.test(word) && dot) return all;
      // a letter run that is part of an alphanumeric code (e.g. "E2E", "C2-80") stays
      if (/\p{L}/u.test(word) && /\d$/.test(before)) return all;
      return word + dot;
    },
  );
}

/**
 * How to join a line ending in "<letter>-" with the next line's first word.
 * Returns 'join' (drop the hyphen), 'keep' (keep the hyphen, no space) or 'space' (keep hyphen + space, a
 * suspended compound such as "Dak- en thuisloosheid").
 */
export type HyphenJoin = 'join' | 'keep' | 'space';

export function decideHyphen(leftLine: string, rightLine: string, lexicon: Lexicon): HyphenJoin {
  const leftWord = (/(\S+)-$/.exec(leftLine)?.[1] ?? '').replace(/^[^\p{L}\d]+/u, '');
  const rightWord = (/^(\S+)/.exec(rightLine)?.[1] ?? '').replace(/[^\p{L}\d\-]+$/u, '');
  if (/^(en|of|tot|&|t\/m)$/i.test(rightWord)) return 'space';
  if (/^\p{Lu}/u.test(rightWord)) return 'keep';
  const lastPart = leftWord.split('-').pop() ?? leftWord;
  const joined = (lastPart + rightWord).toLowerCase();
  const hyphened = `${lastPart}-${rightWord}`.toLowerCase();
  if (lexicon.has(joined) && !lexicon.has(hyphened)) return 'join';
  if (lexicon.has(hyphened) && !lexicon.has(joined)) return 'keep';
  // a lower-case compound that already has a hyphen keeps its second one ("één-route-systeem"); after a
  // capitalised prefix the tail is an ordinary word broken at the line end ("Wmo-maatwerk-voorziening")
  if (leftWord.includes('-')) return /^\p{Lu}/u.test(leftWord) ? 'join' : 'keep';
  // acronyms (GGZ-, Wmo-) and proper nouns that occur on their own (Vitens-terrein) keep their hyphen
  if (/^\p{Lu}{2,}$/u.test(lastPart) || /^\p{Lu}\p{Ll}{1,2}$/u.test(lastPart)) return 'keep';
  if (/^\p{Lu}/u.test(lastPart) && lexicon.hasExact(lastPart)) return 'keep';
  return 'join';
}

/** Word forms of a document, to decide hyphenation by evidence from the same text. */
export class Lexicon {
  private lower = new Set<string>();
  private exact = new Set<string>();
  constructor(texts: string[]) {
    for (const t of texts) {
      for (const w of t.split(/[\s.,;:!?()‘’“”"'/…]+/)) {
        const word = w.replace(/^[-–]+|[-–]+$/g, '');
        if (!word) continue;
        this.exact.add(word);
        this.lower.add(word.toLowerCase());
      }
    }
  }
  has(wordLower: string): boolean {
    return this.lower.has(wordLower);
  }
  hasExact(word: string): boolean {
    return this.exact.has(word);
  }
}

/** True when a line ends in a word broken by hyphenation ("orga-"); not dashes or suspended "zorg- en". */
export function endsWithHyphenBreak(text: string): boolean {
  return /\p{L}-$/u.test(text);
}

/** Slash compounds broken at the line end ("woon-/", "huurachterstand/") are joined without a space. */
export function endsWithSlashBreak(text: string): boolean {
  return /\p{L}-?\/$/u.test(text);
}
