import { describe, expect, it } from 'vitest';
import { sourceLabel } from '../src/core/source-label.js';
import type { Citation } from '../src/core/types.js';
import { CONTEXT_PASSAGES, modelContext } from '../src/qa/context.js';

// Passages of a ranking, best first: [document, first line, last line].
const ranking = (...found: [string, number, number][]): Citation[] =>
  found.map(([document, from, to], i) => ({
    n: i + 1,
    document,
    file: `${document}.txt`,
    title: document,
    section: `sectie ${i + 1}`,
    lines: [from, to],
    page: null,
    text: `regels ${from}-${to}`,
    score: 10 - i,
  }));

describe('the passages a language model reads', () => {
  it('reads neighbouring passages of one document as one, in the document’s order, under the best one’s section', () => {
    const context = modelContext(ranking(['a', 40, 52], ['b', 1, 10], ['a', 20, 38]));
    expect(context.map((c) => [c.document, c.lines])).toEqual([
      ['a', [20, 52]],
      ['b', [1, 10]],
    ]);
    expect(context[0].text).toBe('regels 20-38\nregels 40-52');
    expect(context[0].section).toBe('sectie 1');
    expect(context.map((c) => c.n)).toEqual([1, 2]);
    // A figure read together with the text beside it is labelled as text, not as that figure.
    const [figure, text] = ranking(['a', 1, 10], ['a', 11, 20]);
    const withText = modelContext([{ ...figure, kind: 'figure', text: 'Figuur 13 Stappen' }, text]);
    expect(sourceLabel(withText[0])).not.toMatch(/figuur/);
    expect(sourceLabel(modelContext([{ ...figure, kind: 'figure', text: 'Figuur 13 Stappen' }])[0])).toMatch(/figuur 13/);
  });

  it('gives the slot a neighbour would take to the next passage down the ranking', () => {
    const found = ranking(...Array.from({ length: 12 }, (_, i): [string, number, number] => ['a', i * 100, i * 100 + 10]), ['a', 11, 20]);
    const context = modelContext(found);
    expect(context).toHaveLength(CONTEXT_PASSAGES);
    expect(context[0].lines).toEqual([0, 20]);
    // Without neighbours, the first eight of the ranking.
    expect(modelContext(found.slice(0, 12)).map((c) => c.lines[0])).toEqual([0, 100, 200, 300, 400, 500, 600, 700]);
  });

  it('keeps passages apart across a gap, across documents, and when together they would grow too long', () => {
    expect(modelContext(ranking(['a', 1, 10], ['a', 14, 20]))).toHaveLength(2);
    expect(modelContext(ranking(['a', 1, 10], ['b', 11, 20]))).toHaveLength(2);
    expect(modelContext(ranking(['a', 1, 60], ['a', 61, 120]))).toHaveLength(2);
  });

  it('joins two runs when a passage closes the gap between them, in the better one’s place', () => {
    const context = modelContext(ranking(['a', 30, 40], ['b', 1, 5], ['a', 1, 10], ['a', 11, 29]));
    expect(context.map((c) => c.lines)).toEqual([
      [1, 40],
      [1, 5],
    ]);
  });
});
