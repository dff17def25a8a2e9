/**
 * Section detection on classified lines (classify.ts): the layout, its headings, and for every line the heading
 * path and section kind it is in. Four layouts are recognised from the text itself, each with its heading rules
 * in headings/: 'markdown' (users' .md files), 'magazine' (a running header names the section, see
 * knowledge/layouts), 'tabbed' (tab-prefixed numbered headings) and 'numbered' (the rest). Pages: pages.ts.
 */
import type { PassageKind } from './types.js';
import type { Heading } from './headings/common.js';
import { magazineHeadings } from './headings/magazine.js';
import { MD_HEADING, markdownHeadings } from './headings/markdown.js';
import { numberedHeadings } from './headings/numbered.js';
import { TABBED_HEADING, tabbedHeadings } from './headings/tabbed.js';
import { type Layouts, layouts } from './layouts.js';
import { isBody, type Line } from './lines.js';
import { recoverPages } from './pages.js';

export type Layout = 'tabbed' | 'magazine' | 'numbered' | 'markdown';

export interface Structure {
  layout: Layout;
  headings: Heading[];
  /** Heading path (outermost first) valid at each line, indexed by line number - 1. */
  pathAt: string[][];
  /** Section kind at each line (voorwoord, colofon, toc, bijlage or body). */
  kindAt: PassageKind[];
  /** Page number at each line, or null when it cannot be recovered. */
  pageAt: (number | null)[];
}

function detectLayout(lines: Line[]): Layout {
  if (lines.some((l) => isBody(l) && MD_HEADING.test(l.raw))) return 'markdown';
  if (lines.some((l) => l.sectionHeader)) return 'magazine';
  const tabbed = lines.filter((l) => isBody(l) && TABBED_HEADING.test(l.raw)).length;
  return tabbed >= 3 ? 'tabbed' : 'numbered';
}

const HEADING_RULES: Record<Layout, (lines: Line[], layout: Layouts) => Heading[]> = {
  markdown: markdownHeadings,
  magazine: magazineHeadings,
  tabbed: tabbedHeadings,
  numbered: numberedHeadings,
};

export function detectStructure(lines: Line[], layout: Layouts = layouts(), known?: Layout): Structure {
  const kind = known ?? detectLayout(lines);
  const headings = HEADING_RULES[kind](lines, layout);
  const pathAt: string[][] = [];
  const kindAt: PassageKind[] = [];
  let stack: Heading[] = [];
  let h = 0;
  for (let i = 0; i < lines.length; i++) {
    while (h < headings.length && headings[h].line === lines[i].n) {
      const hd = headings[h++];
      stack = stack.filter((s) => s.level < hd.level);
      stack.push(hd);
    }
    pathAt.push(stack.map((s) => s.label));
    kindAt.push(stack.find((s) => s.kind && s.kind !== 'body')?.kind ?? 'body');
  }
  return { layout: kind, headings, pathAt, kindAt, pageAt: recoverPages(lines, headings) };
}
