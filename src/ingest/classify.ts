/**
 * Line classification of PDF-extracted text: every original line gets a role, and only 'body' lines carry the
 * authors' wording into passages. Classification never changes a line's text; inline cleaning (inline.ts) does
 * that later, on body lines only. The shared EXTRACTION-NOTES.md lists the artefacts handled here;
 * knowledge/layouts/ holds what is particular to one publication (its running headers).
 */
import { markNumberedFootnotes, markSeparatorFootnotes, SEPARATOR } from './footnotes.js';
import { type Layouts, layouts } from './layouts.js';
import { isBody, isPageStart, type Line, lineAfter, lineBefore, normalizeLine, notBlank } from './lines.js';

const URL_START = /^(https?:\/\/|www\.|file:|ftp:\/\/|mailto:)/i;
/** A section tab: one word in capitals on a line of its own, printed in the page margin. */
const SECTION_TAB = /^ [A-ZÀ-Ý]{4,}\s*$/;
/** TOC entries end in tab(s) and a page number. */
const TOC_ENTRY = /\S.*\t\s*\d{1,3}\s*$/;

/** Classify every line of a document, in this order: each step only looks at lines still 'body'. */
export function classifyLines(text: string, layout: Layouts = layouts()): Line[] {
  const lines: Line[] = text.split(/\r?\n/).map((raw, i) => {
    const normalized = normalizeLine(raw);
    return {
      n: i + 1,
      raw,
      role: normalized === '' && !SEPARATOR.test(raw) ? 'blank' : 'body',
      text: normalized,
      pageStart: isPageStart(raw),
    };
  });

  markOutline(lines);
  markOcrGarbage(lines);
  // (the tab test first: the pattern backtracks over every line without one)
  for (const l of lines) if (isBody(l) && l.raw.includes('\t') && TOC_ENTRY.test(l.raw)) l.role = 'toc';
  markHeaders(lines, layout);
  markUrls(lines);
  markSeparatorFootnotes(lines);
  markNumberedFootnotes(lines);
  markPageNumbers(lines);
  markSideLabels(lines);
  return lines;
}

/** Running headers (from the layouts) and section tabs. */
function markHeaders(lines: Line[], layout: Layouts): void {
  for (const l of lines) {
    if (!isBody(l)) continue;
    const header = layout.runningHeader(l.raw);
    if (header) {
      l.role = 'header';
      if (header.section) {
        l.headerLabel = header.section;
        l.sectionHeader = true;
      }
      if (header.page !== undefined) l.headerPage = header.page;
    } else if (SECTION_TAB.test(l.raw)) {
      l.role = 'header';
      l.headerLabel = l.text;
    }
  }
}

/** Link annotations: URL lines plus the wrapped remainder of a URL on the next line(s). */
function markUrls(lines: Line[]): void {
  let prevUrl: Line | undefined;
  for (const l of lines) {
    if (l.role === 'blank') continue;
    if (!isBody(l)) {
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
      const wrapped = /(\/\/|[-/=?&%])$/.test(prevUrl.text) || /^[\w.-]+\/\S*$/.test(l.text);
      if (wrapped) {
        l.role = 'url';
        prevUrl = l;
        continue;
      }
    }
    prevUrl = undefined;
  }
}

/** Lone page numbers ("3", " 18") between text lines. */
function markPageNumbers(lines: Line[]): void {
  for (const l of lines) {
    if (isBody(l) && /^\s?\d{1,3}\s*$/.test(l.raw)) l.role = 'pagenum';
  }
}

/**
 * Page-title labels dumped into the running text: a line equal to a running header's section name, or a short
 * isolated line that interrupts a sentence (previous text has no sentence end, next text starts in lower case).
 */
function markSideLabels(lines: Line[]): void {
  // only headers that name their section (a magazine's) have labels that get dumped as side labels
  const labels = new Set(lines.filter((l) => l.sectionHeader).map((l) => l.headerLabel!.trim()));
  for (const l of lines) if (isBody(l) && labels.has(l.text)) l.role = 'sidelabel';
  if (labels.size === 0) return;
  for (const l of lines) if (l.role === 'outline') labels.add(l.text);
  for (const l of lines) if (isBody(l) && labels.has(l.text)) l.role = 'sidelabel';
  // Magazine layout: short isolated lines that interrupt a sentence or precede a link dump are page labels.
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 1; i < lines.length - 1; i++) {
      const l = lines[i];
      if (!isBody(l) || l.text.length > 60 || /[.:;,!?]$/.test(l.text)) continue;
      if (lines[i - 1].role !== 'blank' || lines[i + 1].role !== 'blank') continue;
      const after = lineAfter(lines, i, notBlank);
      if (after && (after.role === 'url' || after.role === 'header')) {
        l.role = 'sidelabel';
        continue;
      }
      const prev = lineBefore(lines, i, isBody);
      const next = lineAfter(lines, i, isBody);
      if (!prev || !next) continue;
      if (/[.!?:’”)]$/.test(prev.text) || /-$/.test(prev.text)) continue;
      if (!/^\p{Ll}/u.test(next.text)) continue;
      l.role = 'sidelabel';
    }
  }
}

/** A PDF outline appended at the end: a trailing run of tab-indented short lines. */
function markOutline(lines: Line[]): void {
  let k = lines.length - 1;
  while (k >= 0 && lines[k].role === 'blank') k--;
  const end = k;
  while (k >= 0 && /^\t\S/.test(lines[k].raw) && lines[k].text.length < 80) k--;
  if (end - k >= 5) for (let j = k + 1; j <= end; j++) lines[j].role = 'outline';
}

const OCR_GLYPH = /\p{L}[§Í€\\[\]]|[§Í\\[\]]\p{L}|\p{L}[ËÍÓ]\p{L}/u;
/** Every OCR_GLYPH match holds one of these: a cheap test first (no letter classes). */
const OCR_CHARS = /[§Í€\\[\]ËÓ]/;
const CASE_FLIP = /\p{Ll}\p{Lu}/u;
/** Ordinary case changes inside a word: "WoonZorg", "iPhone". */
const NAMED_CASE = /^(?:\p{Lu}?\p{Ll}+\p{Lu}\p{Ll}*|i\p{Lu}.*)$/u;

/** A token typical of OCR on a scanned page: glyphs glued into words, case flips inside words. */
function hasOcrOddToken(text: string): boolean {
  // most lines have neither pattern at all: one test of the line settles them
  if (!(OCR_CHARS.test(text) && OCR_GLYPH.test(text)) && !CASE_FLIP.test(text)) return false;
  return text.split(' ').some((tok) => OCR_GLYPH.test(tok) || (CASE_FLIP.test(tok) && !NAMED_CASE.test(tok)));
}

/** A quarter or more of the lines hold an OCR-typical token: counted only until that is settled either way. */
function mostlyOcr(content: Line[]): boolean {
  const needed = content.length / 4;
  let odd = 0;
  for (let k = 0; k < content.length && odd < needed; k++) {
    if (odd + (content.length - k) < needed) return false;
    if (hasOcrOddToken(content[k].text)) odd++;
  }
  return odd >= needed;
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
    const content = lines.slice(s, e).filter(notBlank);
    if (content.length >= 5 && mostlyOcr(content)) for (let j = s; j < e; j++) lines[j].role = 'excluded';
  }
}
