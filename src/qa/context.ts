import type { Citation } from '../core/types.js';

// What a language model reads for a question (and what `ask --json` reports as `context`): at most eight passages,
// where passages the ranking found next to each other in one document are read as one. The answer a member needs
// often runs on in the next paragraph; joined, the slots go to further passages instead of to that neighbour.

/** At most this many passages. */
export const CONTEXT_PASSAGES = 8;
/** How far down the ranking the context looks for passages that join one already in it, or fill a free slot. */
export const CONTEXT_DEPTH = 30;
/** Passages join when at most this many lines (a blank line, a page header) stand between them … */
const JOIN_GAP = 1;
/** … and the joined passage stays within this many lines (about 4,500 characters of these documents). */
const MAX_LINES = 90;

/** The passages a model reads, best first, numbered 1…; `found` is the ranking, best first. */
export function modelContext(found: Citation[]): Citation[] {
  const runs: Citation[][] = [];
  for (const c of found) {
    const i = runs.findIndex((r) => joins(r, [c]));
    if (i < 0) {
      if (runs.length < CONTEXT_PASSAGES) runs.push([c]);
      continue;
    }
    runs[i].push(c);
    // The passage may close the gap to another run: the two are read as one (in the better one's place).
    const j = runs.findIndex((r, n) => n !== i && joins(runs[i], r));
    if (j >= 0) runs[Math.min(i, j)].push(...runs.splice(Math.max(i, j), 1)[0]);
  }
  return runs.map((run, i) => joined(run, i + 1));
}

const span = (run: Citation[]): [number, number] => [Math.min(...run.map((c) => c.lines[0])), Math.max(...run.map((c) => c.lines[1]))];

/** Two runs of one document read as one: at most JOIN_GAP lines apart, together at most MAX_LINES. */
function joins(run: Citation[], other: Citation[]): boolean {
  if (run[0].document !== other[0].document) return false;
  const [from, to] = span(run);
  const [start, end] = span(other);
  return start <= to + JOIN_GAP + 1 && end >= from - JOIN_GAP - 1 && Math.max(to, end) - Math.min(from, start) + 1 <= MAX_LINES;
}

/**
 * One passage of a run: the best-ranked one's section and label, the text in the document's order. A figure or table
 * joined with text is no longer one (its label would name the figure for the whole run).
 */
function joined(run: Citation[], n: number): Citation {
  if (run.length === 1) return { ...run[0], n };
  const inOrder = [...run].sort((a, b) => a.lines[0] - b.lines[0]);
  const { kind: _kind, ...best } = run[0];
  const kind = run.every((c) => c.kind === run[0].kind) ? { kind: run[0].kind } : {};
  return { ...best, ...kind, n, lines: span(run), page: inOrder[0].page, text: inOrder.map((c) => c.text).join('\n') };
}
