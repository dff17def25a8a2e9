/**
 * Document → passages. Body lines are joined into paragraphs (hyphenation repaired across blank lines, URL
 * dumps and footnotes), paragraphs are grouped into passages of roughly 40–120 words inside one section, and
 * every passage keeps the exact original line range of its content (span of at most 30 lines).
 */
import type { Passage, PassageKind, SourceDocument } from './types.js';
import {
  classifyLines,
  decideHyphen,
  endsWithHyphenBreak,
  endsWithSlashBreak,
  Lexicon,
  stripFootnoteMarkers,
  type Line,
} from './clean.js';
import { detectStructure, type Structure } from './sections.js';
import { MAX_CITATION_LINES } from '../retrieval/ranking.js';

/** lineEnd - lineStart of a passage: a passage is never longer than a citation may be. */
export const MAX_SPAN = MAX_CITATION_LINES - 1;
const MIN_WORDS = 40;
const MAX_WORDS = 120;

/** A run of cleaned text with, for every character offset where a line begins, that line's number. */
interface Unit {
  text: string;
  marks: Array<{ pos: number; line: number }>;
  kind: PassageKind | 'heading';
  pathIdx: number; // index (line number - 1) to read section path / kind from
}

const words = (t: string) => (t.match(/\S+/g) ?? []).length;
const firstLine = (u: Unit) => u.marks[0].line;
const lastLine = (u: Unit) => u.marks[u.marks.length - 1].line;
const endsSentence = (t: string) => /[.!?:;…][’”)]*$/.test(t);
const startsItem = (t: string) => /^([•\-–·]\s|\d{1,2}[.)]\s|\(?[a-z]\)\s|[a-z]\.\s)/.test(t);

function appendLine(u: Unit, text: string, line: number, lexicon: Lexicon): void {
  if (!u.text) {
    u.text = text;
    u.marks.push({ pos: 0, line });
    return;
  }
  let sep = ' ';
  if (endsWithHyphenBreak(u.text)) {
    const how = decideHyphen(lastWordLine(u.text), text, lexicon);
    if (how === 'join') {
      u.text = u.text.slice(0, -1);
      sep = '';
    } else if (how === 'keep') sep = '';
  } else if (endsWithSlashBreak(u.text) || /[’”)]-$/.test(u.text)) sep = ''; // "woon-/zorg", "‘1-route’-systeem"
  u.text += sep;
  u.marks.push({ pos: u.text.length, line });
  u.text += text;
}

function lastWordLine(t: string): string {
  const i = t.lastIndexOf(' ');
  return i < 0 ? t : t.slice(i + 1);
}

/** Footnote reference numbers: glued ones always; space-separated ones only in the expected sequence. */
class MarkerStripper {
  private expected = 1;
  constructor(private footnoteNos: Set<number>) {}
  strip(text: string): string {
    const max = Math.max(0, ...this.footnoteNos) || 99;
    let out = stripFootnoteMarkers(text, max);
    if (this.footnoteNos.size) {
      // " 11." after a word, number or closing mark, when 11 is the next footnote in reading order
      out = out.replace(/([\p{L}\d’”)]) (\d{1,2})(?=[.,]?(\s|$))/gu, (all, before: string, num: string) => {
        const n = Number(num);
        if (n === this.expected && this.footnoteNos.has(n)) {
          this.expected = n + 1;
          return before;
        }
        return all;
      });
    }
    for (const m of text.matchAll(/\p{L}(\d{1,2})(?![\d\p{L}])/gu)) {
      const n = Number(m[1]);
      if (n >= this.expected && n <= this.expected + 2) this.expected = n + 1;
    }
    return out;
  }
}

/** Build paragraph units for the main text and separate units for footnotes. */
function buildUnits(lines: Line[], st: Structure): { units: Unit[]; notes: Unit[]; typicalLen: number } {
  const bodyTexts = lines.filter((l) => l.role === 'body' || l.role === 'footnote').map((l) => l.text);
  const lexicon = new Lexicon(bodyTexts);
  const footnoteNos = new Set(lines.filter((l) => l.footnoteNo).map((l) => l.footnoteNo!));
  const stripper = new MarkerStripper(footnoteNos);
  const headingAt = new Map(st.headings.map((h) => [h.line, h]));

  // line length of running text: callout boxes are set in visibly shorter lines
  const lens = lines.filter((l) => l.role === 'body').map((l) => l.raw.trimEnd().length).sort((a, b) => a - b);
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
  const pathKey = (i: number) => `${st.kindAt[i]}|${st.pathAt[i].join(' > ')}`;

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.role === 'footnote') {
      const starts = l.footnoteNo !== undefined || !note;
      if (starts) {
        if (note?.text) notes.push(note);
        note = { text: '', marks: [], kind: 'footnote', pathIdx: i };
      }
      if (l.text) appendLine(note!, l.text, l.n, lexicon);
      continue;
    }
    if (l.role !== 'body' && l.role !== 'toc' && l.role !== 'outline') continue;

    const heading = headingAt.get(l.n);
    if (heading) {
      flush();
      const u: Unit = { text: '', marks: [], kind: 'heading', pathIdx: i };
      for (let k = i; k < lines.length && lines[k].n <= heading.endLine; k++) {
        if (lines[k].role === 'body') appendLine(u, lines[k].text, lines[k].n, lexicon);
        i = k;
      }
      if (u.text) units.push(u);
      prevIdx = i;
      continue;
    }

    const isToc = l.role === 'toc' || l.role === 'outline';
    const text = isToc ? l.text : stripper.strip(l.text);
    if (!text) continue;
    if (cur && prevIdx >= 0) {
      const prev = cur.text;
      const blankBetween = lines.slice(prevIdx + 1, i).some((x) => x.role === 'blank');
      const hyphen = endsWithHyphenBreak(prev) || endsWithSlashBreak(prev);
      const prevRaw = lines[prevIdx].raw.trimEnd();
      const calloutEnd = blankBetween && /^\p{Lu}/u.test(text) && prevRaw.length < 0.7 * typicalLen;
      const newPara =
        pathKey(i) !== pathKey(cur.pathIdx) ||
        isToc !== (cur.kind === 'toc') ||
        /^Figuur\s/.test(cur.text) ||
        (!hyphen &&
          (startsItem(text) ||
            /^Figuur\s/.test(text) ||
            (blankBetween && endsSentence(prev)) ||
            (l.pageStart && endsSentence(prev)) ||
            calloutEnd));
      if (newPara) flush();
    }
    if (!cur) cur = { text: '', marks: [], kind: isToc ? 'toc' : 'body', pathIdx: i };
    appendLine(cur, text, l.n, lexicon);
    prevIdx = i;
  }
  flush();
  if (note?.text) notes.push(note);
  return { units, notes, typicalLen };
}

/** Lines of a unit whose content starts inside [from, to). */
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
function splitUnit(u: Unit): Unit[] {
  if (words(u.text) <= MAX_WORDS && lastLine(u) - firstLine(u) <= MAX_SPAN) return [u];
  const cuts = [0];
  const re = /[.!?…][’”)]*\s+(?=[\p{Lu}‘“(•\d–])/gu;
  for (const m of u.text.matchAll(re)) cuts.push(m.index! + m[0].length);
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

function spanOf(a: Unit, b: Unit): number {
  return Math.max(lastLine(a), lastLine(b)) - Math.min(firstLine(a), firstLine(b));
}

function fits(acc: Unit, next: Unit): boolean {
  if (spanOf(acc, next) > MAX_SPAN) return false;
  const w = words(acc.text) + words(next.text);
  return w <= MAX_WORDS || words(acc.text) < MIN_WORDS && w <= MAX_WORDS * 1.5;
}

function merge(a: Unit, b: Unit): Unit {
  const sep = a.text ? ' ' : '';
  const base = a.text.length + sep.length;
  return {
    ...a,
    text: a.text + sep + b.text,
    marks: [...a.marks, ...b.marks.map((m) => ({ pos: m.pos + base, line: m.line }))],
  };
}

const norm = (t: string) =>
  t.toLowerCase().replace(/[‘’“”"'`]/g, '').replace(/[^\p{L}\d]+/gu, ' ').trim();

/**
 * Pull quotes: a short paragraph (not a list item) that repeats text found in another paragraph — verbatim, or,
 * for callout boxes set in short lines, with at least half of its word pairs taken from one other paragraph.
 */
function tagQuotes(units: Unit[], lines: Line[], typicalLen: number): void {
  const pairsOf = (t: string) => {
    const w = norm(t).split(' ');
    const out = new Set<string>();
    for (let k = 0; k + 1 < w.length; k++) out.add(`${w[k]} ${w[k + 1]}`);
    return out;
  };
  const normed = units.map((u) => norm(u.text));
  const pairs = units.map((u) => pairsOf(u.text));
  units.forEach((u, i) => {
    if (u.kind !== 'body' || startsItem(u.text) || /:$/.test(u.text)) return;
    const n = words(u.text);
    if (n < 6 || n > 60) return;
    const verbatim = units.some(
      (o, j) =>
        j !== i && o.kind !== 'heading' &&
        (normed[j].length > normed[i].length ? normed[j].includes(normed[i]) : normed[j] === normed[i] && j < i),
    );
    if (verbatim) {
      u.kind = 'quote';
      return;
    }
    const lens = u.marks.map((m) => lines[m.line - 1].raw.trimEnd().length);
    const shortLines = lens.length <= 5 && lens.every((len) => len < 0.8 * typicalLen);
    if (!shortLines || pairs[i].size < 5) return;
    let best = 0;
    pairs.forEach((ps, j) => {
      if (j === i || units[j].kind === 'heading') return;
      let shared = 0;
      for (const p of pairs[i]) if (ps.has(p)) shared++;
      best = Math.max(best, shared / pairs[i].size);
    });
    if (best >= 0.5) u.kind = 'quote';
  });
}

/** Flattened figures/tables: many short lines with few sentence ends, or a run of tiny cell paragraphs. */
function tagFigures(units: Unit[], keyOf: (u: Unit) => string): void {
  // runs of at least five tiny paragraphs close together (table cells separated by blank lines)
  const tiny = (u: Unit) => u.kind === 'body' && u.marks.length <= 3 && words(u.text) <= 20 && !startsItem(u.text);
  for (let i = 0; i < units.length; ) {
    let j = i;
    while (j + 1 < units.length && tiny(units[i]) && tiny(units[j + 1]) && keyOf(units[j + 1]) === keyOf(units[i]) &&
      firstLine(units[j + 1]) - lastLine(units[j]) <= 4) j++;
    const run = units.slice(i, j + 1);
    const cells = run.filter((u) => !/[.!?:]$/.test(u.text)).length;
    if (run.length >= 5 && cells / run.length >= 0.6) for (const u of run) u.kind = 'table';
    i = j + 1;
  }
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (u.kind !== 'body') continue;
    if (/^Figuur\s+\S+/.test(u.text)) {
      u.kind = 'figure';
      continue;
    }
    const n = u.marks.length;
    if (n < 6) continue;
    const avg = u.text.length / n;
    const sentenceEnds = (u.text.match(/[.!?](\s|$)/g) ?? []).length;
    if (avg < 45 && sentenceEnds / n < 0.3) {
      const near = units.slice(Math.max(0, i - 2), i + 3).some((x) => /^Figuur\s/.test(x.text));
      u.kind = near ? 'figure' : 'table';
    }
  }
}

export function parseDocument(doc: SourceDocument): Passage[] {
  const lines = classifyLines(doc.text);
  const st = detectStructure(lines);
  const { units, notes, typicalLen } = buildUnits(lines, st);
  const keyOf = (u: Unit) => `${st.kindAt[u.pathIdx]}|${st.pathAt[u.pathIdx].join(' > ')}`;
  tagFigures(units, keyOf);
  tagQuotes(units, lines, typicalLen);

  type Draft = Unit & { sectionIdx: number };
  const drafts: Draft[] = [];
  let acc: Draft | undefined;
  const key = (u: Unit) => `${st.kindAt[u.pathIdx]}|${st.pathAt[u.pathIdx].join(' > ')}`;
  const flush = () => {
    if (acc) drafts.push(acc);
    acc = undefined;
  };
  for (const unit of units) {
    const special = unit.kind === 'quote' || unit.kind === 'figure' || unit.kind === 'table';
    for (const piece of splitUnit(unit)) {
      const p: Draft = { ...piece, sectionIdx: piece.pathIdx };
      if (unit.kind === 'heading') {
        // a heading directly after another heading (chapter + first section) stays with it
        if (acc && acc.kind === 'heading' && spanOf(acc, p) <= MAX_SPAN) {
          acc = { ...merge(acc, p), sectionIdx: p.pathIdx, pathIdx: p.pathIdx };
          continue;
        }
        flush();
        acc = p;
        continue;
      }
      if (acc && acc.kind === 'heading' && !special && fits(acc, p)) {
        acc = { ...merge(acc, p), kind: p.kind, sectionIdx: p.pathIdx, pathIdx: p.pathIdx };
        continue;
      }
      if (acc && !special && acc.kind === p.kind && key(acc) === key(p) && fits(acc, p)) {
        acc = merge(acc, p) as Draft;
        continue;
      }
      if (special) {
        // a short lead-in label ("Unieke processtappen:") belongs to the figure or table it introduces
        if (acc && acc.kind === 'body' && p.kind !== 'quote' && words(acc.text) < 8 && key(acc) === key(p) &&
          fits(acc, p)) {
          drafts.push({ ...merge(acc, p), kind: p.kind, sectionIdx: acc.sectionIdx } as Draft);
          acc = undefined;
          continue;
        }
        // consecutive pieces of one flattened table or figure stay together while they fit
        const last = drafts[drafts.length - 1];
        if ((!acc || acc.kind === 'heading') && last && last.kind === p.kind && p.kind !== 'quote' &&
          key(last) === key(p) && firstLine(p) - lastLine(last) <= 4 && fits(last, p)) {
          Object.assign(last, merge(last, p));
          continue;
        }
        // a pending heading waits for the running text after a pull quote or figure
        if (acc && acc.kind === 'heading') {
          drafts.push(p);
          continue;
        }
        flush();
        drafts.push(p);
        continue;
      }
      flush();
      acc = p;
    }
  }
  flush();
  // footnotes of one page bottom form one passage when they fit
  let prevNote: Draft | undefined;
  for (const n of notes) {
    for (const piece of splitUnit(n)) {
      const d: Draft = { ...piece, sectionIdx: n.pathIdx };
      if (prevNote && firstLine(d) - lastLine(prevNote) <= 3 && fits(prevNote, d)) {
        Object.assign(prevNote, merge(prevNote, d));
        continue;
      }
      drafts.push(d);
      prevNote = d;
    }
  }

  drafts.sort((a, b) => firstLine(a) - firstLine(b) || lastLine(a) - lastLine(b));
  return drafts.map((d, ord) => {
    const path = st.pathAt[d.sectionIdx];
    const lineNos = d.marks.map((m) => m.line);
    const lineStart = Math.min(...lineNos);
    const lineEnd = Math.max(...lineNos);
    const sectionKind = st.kindAt[d.sectionIdx];
    // quotes/figures/tables are tagged inside running text; colophon, TOC and forewords keep their own kind
    const plain = d.kind === 'heading' || d.kind === 'body' || (sectionKind !== 'body' && sectionKind !== 'bijlage');
    const kind: PassageKind = plain ? sectionKind : (d.kind as PassageKind);
    return {
      ord,
      section: path.join(' > '),
      heading: path[path.length - 1] ?? '',
      kind,
      lineStart,
      lineEnd,
      page: st.pageAt[lineStart - 1] ?? null,
      text: d.text,
    };
  });
}
