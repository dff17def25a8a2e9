/**
 * A large document parsed piece by piece: the whole-document parse (passages.ts) keeps an object per line, a
 * heading path per line and every paragraph at once, tens of bytes of heap per byte of text, so a 24 MB
 * Markdown file needs more than a parse worker's heap. Above CHUNK_CHARS the text is cut into pieces of about
 * that size at a place where a passage ends anyway (a Markdown heading, a PDF page break, else a blank line
 * after a finished sentence), each piece is parsed on its own, and only its passages are kept: line numbers,
 * pages and heading paths are those of the whole document. A document below the size is parsed whole, exactly
 * as before.
 */
import { MD_HEADING } from './headings/markdown.js';
import { type Layouts, layouts } from './layouts.js';
import { PAGE_BREAK } from './loaders.js';
import { parseDocument } from './passages.js';
import type { Passage, SourceDocument } from './types.js';

/** Text (characters) parsed at once; a piece runs on to the next good place to cut. */
export const CHUNK_CHARS = 2 * 1024 * 1024;

/** One piece of the text and where it stands in the whole document. */
interface Piece {
  text: string;
  /** Line number (1-based) of the piece's first line in the whole document. */
  firstLine: number;
  /** The Markdown headings the piece lies under, outermost first (its own headings come on top). */
  path: string[];
  /** Page breaks before the piece. */
  breaksBefore: number;
}

const endsSentence = (line: string) => /[.!?:;…][’”)]*\s*$/.test(line);

/** The pieces of a text, cut at the first good place once a piece holds `size` characters. */
export function* pieces(text: string, size: number, markdown: boolean, paged: boolean): Generator<Piece> {
  let start = 0;
  let firstLine = 1;
  let path: string[] = [];
  let breaksBefore = 0;
  /** Markdown headings open at the current line, and page breaks so far. */
  let stack: { level: number; label: string }[] = [];
  let breaks = 0;
  let prev = '';
  let lineNo = 1;
  for (let pos = 0; pos < text.length; lineNo++) {
    const end = text.indexOf('\n', pos);
    const next = end < 0 ? text.length : end + 1;
    const line = text.slice(pos, end < 0 ? text.length : end).replace(/\r$/, '');
    const heading = markdown ? MD_HEADING.exec(line) : null;
    const isBreak = line === PAGE_BREAK;
    const held = pos - start;
    const cut =
      pos > start &&
      held >= size &&
      (heading !== null ||
        (paged && isBreak) ||
        (held >= 2 * size && line.trim() === '' && endsSentence(prev)) ||
        (held >= 4 * size && line.trim() === ''));
    if (cut) {
      yield { text: text.slice(start, pos - 1), firstLine, path, breaksBefore };
      start = pos;
      firstLine = lineNo;
      path = (heading ? stack.filter((h) => h.level < heading[1].length) : stack).map((h) => h.label);
      breaksBefore = breaks;
    }
    if (heading) {
      const level = heading[1].length;
      stack = [...stack.filter((h) => h.level < level), { level, label: heading[2] }];
    }
    if (isBreak) breaks++;
    if (line.trim() !== '') prev = line;
    pos = next;
  }
  if (start < text.length || start === 0) yield { text: text.slice(start), firstLine, path, breaksBefore };
}

/** The passages of a document, parsed in pieces when it is large (see above), a piece at a time: a caller that packs them holds only one piece's passages as objects. */
export function* passagesInPieces(doc: SourceDocument, layout: Layouts = layouts(), size = CHUNK_CHARS): Generator<Passage> {
  if (doc.text.length <= size) {
    yield* parseDocument(doc, layout);
    return;
  }
  const markdown = /^#{1,6}\s+\S/m.test(doc.text);
  const paged = doc.text.includes(`\n${PAGE_BREAK}\n`);
  let ord = 0;
  for (const piece of pieces(doc.text, size, markdown, paged)) {
    const hasBreak = paged && piece.text.split('\n').includes(PAGE_BREAK);
    for (const p of parseDocument({ ...doc, text: piece.text }, layout, { markdown })) {
      const section = [...piece.path, ...(p.section ? [p.section] : [])].join(' > ');
      yield {
        ...p,
        ord: ord++,
        section,
        heading: p.heading || piece.path[piece.path.length - 1] || '',
        lineStart: p.lineStart + piece.firstLine - 1,
        lineEnd: p.lineEnd + piece.firstLine - 1,
        // A piece counts its own page breaks from 1; without one it lies on the page the piece began on.
        page: !paged ? p.page : hasBreak && p.page !== null ? p.page + piece.breaksBefore : piece.breaksBefore + 1,
      };
    }
  }
}
