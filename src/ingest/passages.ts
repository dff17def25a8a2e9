/**
 * Document → passages, in stages: classify every line (classify.ts), find the sections and pages (sections.ts,
 * pages.ts), join body lines into paragraphs (paragraphs.ts), tag pull quotes, figures and tables (figures.ts),
 * then merge paragraphs into passages of roughly 40–120 words inside one section by the MERGE_RULES below.
 * Every passage keeps the exact original line range of its content (a span of at most MAX_SPAN lines).
 */
import type { Passage, PassageKind, SourceDocument } from './types.js';
import { classifyLines } from './classify.js';
import { tagFigures, tagQuotes } from './figures.js';
import { type Layouts, layouts } from './layouts.js';
import { buildUnits } from './paragraphs.js';
import { detectStructure } from './sections.js';
import { firstLine, fits, lastLine, MAX_SPAN, merge, spanOf, splitUnit, type Unit, words } from './units.js';

type Draft = Unit & { sectionIdx: number };

/** Passages being formed: the finished ones and the one still growing. */
interface Grouping {
  done: Draft[];
  open?: Draft;
  sectionKey: (u: Unit) => string;
}

interface MergeRule {
  name: string;
  when: (g: Grouping, piece: Draft) => boolean;
  then: (g: Grouping, piece: Draft) => void;
}

const standsApart = (u: Unit) => u.kind === 'quote' || u.kind === 'figure' || u.kind === 'table';
const sameSection = (g: Grouping, a: Unit, b: Unit) => g.sectionKey(a) === g.sectionKey(b);
const close = (g: Grouping) => {
  if (g.open) g.done.push(g.open);
  g.open = undefined;
};

/** For each paragraph piece in reading order, the first rule that applies decides where it goes. */
const MERGE_RULES: MergeRule[] = [
  {
    name: 'a heading right after a heading stays with it (a chapter and its first section)',
    when: (g, p) => p.kind === 'heading' && g.open?.kind === 'heading' && spanOf(g.open, p) <= MAX_SPAN,
    then: (g, p) => (g.open = { ...merge(g.open!, p), sectionIdx: p.pathIdx, pathIdx: p.pathIdx }),
  },
  {
    name: 'a heading begins a passage',
    when: (_g, p) => p.kind === 'heading',
    then: (g, p) => {
      close(g);
      g.open = p;
    },
  },
  {
    name: 'a heading takes the running text after it',
    when: (g, p) => g.open?.kind === 'heading' && !standsApart(p) && fits(g.open, p),
    then: (g, p) => (g.open = { ...merge(g.open!, p), kind: p.kind, sectionIdx: p.pathIdx, pathIdx: p.pathIdx }),
  },
  {
    name: 'running text continues a passage of its kind and section while it fits',
    when: (g, p) => !!g.open && !standsApart(p) && g.open.kind === p.kind && sameSection(g, g.open, p) && fits(g.open, p),
    then: (g, p) => (g.open = merge(g.open!, p)),
  },
  {
    name: 'a short lead-in ("Unieke processtappen:") belongs to the figure or table it introduces',
    when: (g, p) =>
      standsApart(p) &&
      p.kind !== 'quote' &&
      g.open?.kind === 'body' &&
      words(g.open.text) < 8 &&
      sameSection(g, g.open, p) &&
      fits(g.open, p),
    then: (g, p) => {
      g.done.push({ ...merge(g.open!, p), kind: p.kind, sectionIdx: g.open!.sectionIdx });
      g.open = undefined;
    },
  },
  {
    name: 'consecutive pieces of one flattened figure or table stay together while they fit',
    when: (g, p) => {
      const last = g.done[g.done.length - 1];
      return (
        standsApart(p) &&
        p.kind !== 'quote' &&
        (!g.open || g.open.kind === 'heading') &&
        !!last &&
        last.kind === p.kind &&
        sameSection(g, last, p) &&
        firstLine(p) - lastLine(last) <= 4 &&
        fits(last, p)
      );
    },
    then: (g, p) => {
      const last = g.done[g.done.length - 1];
      Object.assign(last, merge(last, p));
    },
  },
  {
    name: 'a heading waits for the running text after a pull quote or figure',
    when: (g, p) => standsApart(p) && g.open?.kind === 'heading',
    then: (g, p) => g.done.push(p),
  },
  {
    name: 'a pull quote, figure or table is a passage of its own',
    when: (_g, p) => standsApart(p),
    then: (g, p) => {
      close(g);
      g.done.push(p);
    },
  },
  {
    name: 'otherwise the piece begins a passage',
    when: () => true,
    then: (g, p) => {
      close(g);
      g.open = p;
    },
  },
];

/** The footnotes of one page bottom form one passage when they fit. */
function groupFootnotes(notes: Unit[]): Draft[] {
  const out: Draft[] = [];
  let prev: Draft | undefined;
  for (const n of notes) {
    for (const piece of splitUnit(n)) {
      const d: Draft = { ...piece, sectionIdx: n.pathIdx };
      if (prev && firstLine(d) - lastLine(prev) <= 3 && fits(prev, d)) {
        Object.assign(prev, merge(prev, d));
        continue;
      }
      out.push(d);
      prev = d;
    }
  }
  return out;
}

/**
 * The passages of a document; `layout` is what knowledge/layouts says of publications (tests pass their own).
 * `markdown`: a piece of a larger Markdown document (chunked.ts), read as Markdown even where it has no heading.
 */
export function parseDocument(doc: SourceDocument, layout: Layouts = layouts(), opts: { markdown?: boolean } = {}): Passage[] {
  const lines = classifyLines(doc.text, layout);
  const st = detectStructure(lines, layout, opts.markdown ? 'markdown' : undefined);
  const { units, notes, typicalLen } = buildUnits(lines, st);
  const sectionKey = (u: Unit) => `${st.kindAt[u.pathIdx]}|${st.pathAt[u.pathIdx].join(' > ')}`;
  tagFigures(units, sectionKey);
  tagQuotes(units, lines, typicalLen);

  const g: Grouping = { done: [], sectionKey };
  for (const unit of units) {
    for (const piece of splitUnit(unit)) {
      const p: Draft = { ...piece, sectionIdx: piece.pathIdx };
      MERGE_RULES.find((rule) => rule.when(g, p))!.then(g, p);
    }
  }
  close(g);
  const drafts = [...g.done, ...groupFootnotes(notes)];

  drafts.sort((a, b) => firstLine(a) - firstLine(b) || lastLine(a) - lastLine(b));
  return drafts.map((d, ord) => {
    const path = st.pathAt[d.sectionIdx];
    const lineNos = d.marks.map((m) => m.line);
    const lineStart = Math.min(...lineNos);
    const sectionKind = st.kindAt[d.sectionIdx];
    // quotes/figures/tables are tagged inside running text; colophon, TOC and forewords keep their own kind
    const plain = d.kind === 'heading' || d.kind === 'body' || (sectionKind !== 'body' && sectionKind !== 'bijlage');
    return {
      ord,
      section: path.join(' > '),
      heading: path[path.length - 1] ?? '',
      kind: plain ? sectionKind : (d.kind as PassageKind),
      lineStart,
      lineEnd: Math.max(...lineNos),
      page: st.pageAt[lineStart - 1] ?? null,
      text: d.text,
    };
  });
}
