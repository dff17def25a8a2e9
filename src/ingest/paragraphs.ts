/**
 * Body lines → paragraphs (units), footnote lines → footnotes. A heading becomes a unit of its own; running text
 * is joined line by line (inline cleaning: Markdown markup and footnote markers stripped, hyphenation repaired,
 * also across blank lines, URL dumps and footnotes) until one of the PARAGRAPH_BREAKS below says a new paragraph begins.
 */
import { Lexicon, MarkerStripper, endsWithHyphenBreak, endsWithSlashBreak, stripMarkdown } from './inline.js';
import type { Line } from './lines.js';
import type { Structure } from './sections.js';
import { appendLine, emptyUnit, isCaption, startsItem, type Unit } from './units.js';

const endsSentence = (t: string) => /[.!?:;…][’”)]*$/.test(t);

/** What a break rule sees: the paragraph so far and the next line. */
interface Join {
  cur: Unit;
  text: string;
  line: Line;
  isToc: boolean;
  /** A blank line lies between the paragraph's last line and this one. */
  blankBetween: boolean;
  /** The paragraph's last line is shorter than running text (a callout box). */
  shortBefore: boolean;
  sameSection: boolean;
}

/** Breaks that hold even inside a word broken at the line end. */
const HARD_BREAKS: Array<[string, (j: Join) => boolean]> = [
  ['another section begins', (j) => !j.sameSection],
  ['a table of contents begins or ends', (j) => j.isToc !== (j.cur.kind === 'toc')],
  ['a figure caption stands alone', (j) => isCaption(j.cur.text)],
];

/** Breaks that a word broken at the line end ("orga-" / "nisaties") overrides. */
const SOFT_BREAKS: Array<[string, (j: Join) => boolean]> = [
  ['a list item begins', (j) => startsItem(j.text)],
  ['a figure caption begins', (j) => isCaption(j.text)],
  ['a blank line follows a finished sentence', (j) => j.blankBetween && endsSentence(j.cur.text)],
  ['a new page follows a finished sentence', (j) => j.line.pageStart && endsSentence(j.cur.text)],
  ['a callout box in short lines ends', (j) => j.blankBetween && /^\p{Lu}/u.test(j.text) && j.shortBefore],
];

function breaksParagraph(j: Join): boolean {
  if (HARD_BREAKS.some(([, rule]) => rule(j))) return true;
  const brokenWord = endsWithHyphenBreak(j.cur.text) || endsWithSlashBreak(j.cur.text);
  return !brokenWord && SOFT_BREAKS.some(([, rule]) => rule(j));
}

/** Paragraph units of the main text and separate units for footnotes. */
export function buildUnits(lines: Line[], st: Structure): { units: Unit[]; notes: Unit[]; typicalLen: number } {
  const lexicon = new Lexicon(lines.filter((l) => l.role === 'body' || l.role === 'footnote').map((l) => l.text));
  const stripper = new MarkerStripper(new Set(lines.filter((l) => l.footnoteNo).map((l) => l.footnoteNo!)));
  const headingAt = new Map(st.headings.map((h) => [h.line, h]));
  // Asked twice for every body line: each line's key is made once.
  const keys: string[] = [];
  const sectionKey = (i: number) => (keys[i] ??= `${st.kindAt[i]}|${st.pathAt[i].join(' > ')}`);
  const wording = st.layout === 'markdown' ? (l: Line) => stripMarkdown(l.text) : (l: Line) => l.text;

  // line length of running text: callout boxes are set in visibly shorter lines
  const lens = lines
    .filter((l) => l.role === 'body')
    .map((l) => l.raw.trimEnd().length)
    .sort((a, b) => a - b);
  const typicalLen = lens[Math.floor(lens.length * 0.75)] ?? 80;
  const units: Unit[] = [];
  const notes: Unit[] = [];
  let cur: Unit | undefined;
  let note: Unit | undefined;
  let prevIdx = -1;
  const flush = () => {
    if (cur?.text) units.push(cur);
    cur = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.role === 'footnote') {
      // a numbered line starts a footnote; the lines after it continue it
      if (l.footnoteNo !== undefined || !note) {
        if (note?.text) notes.push(note);
        note = emptyUnit('footnote', i);
      }
      if (l.text) appendLine(note, l.text, l.n, lexicon);
      continue;
    }
    if (l.role !== 'body' && l.role !== 'toc' && l.role !== 'outline') continue;

    const heading = headingAt.get(l.n);
    if (heading) {
      flush();
      const u = emptyUnit('heading', i);
      for (let k = i; k < lines.length && lines[k].n <= heading.endLine; k++) {
        if (lines[k].role === 'body') appendLine(u, wording(lines[k]), lines[k].n, lexicon);
        i = k;
      }
      if (u.text) units.push(u);
      prevIdx = i;
      continue;
    }

    const isToc = l.role === 'toc' || l.role === 'outline';
    const text = isToc ? l.text : stripper.strip(wording(l));
    if (!text) continue;
    if (cur && prevIdx >= 0) {
      const join: Join = {
        cur,
        text,
        line: l,
        isToc,
        blankBetween: lines.slice(prevIdx + 1, i).some((x) => x.role === 'blank'),
        shortBefore: lines[prevIdx].raw.trimEnd().length < 0.7 * typicalLen,
        sameSection: sectionKey(i) === sectionKey(cur.pathIdx),
      };
      if (breaksParagraph(join)) flush();
    }
    cur ??= emptyUnit(isToc ? 'toc' : 'body', i);
    appendLine(cur, text, l.n, lexicon);
    prevIdx = i;
  }
  flush();
  if (note?.text) notes.push(note);
  return { units, notes, typicalLen };
}
