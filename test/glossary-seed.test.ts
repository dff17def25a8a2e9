import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/paths.js';
import { nameKey } from '../src/glossary/names.js';
import { loadSeeds } from '../src/glossary/seeds.js';

// Every seeded definition must be what the cited lines say: the term occurs there, and each part
// of the definition (parts joined by " … ") is a quote of those lines.

const DOCS = path.join(PROJECT_ROOT, 'knowledge', 'documents');
const catalog = JSON.parse(fs.readFileSync(path.join(DOCS, 'catalog.json'), 'utf8')) as { documents: { id: string; file: string }[] };

/** The cited lines as one string: hyphenated line breaks joined, whitespace and quotes made plain. */
function citedText(file: string, [from, to]: [number, number]): string {
  const lines = fs.readFileSync(path.join(DOCS, file), 'utf8').split('\n');
  expect(to).toBeLessThanOrEqual(lines.length);
  return plain(lines.slice(from - 1, to).join('\n'));
}

const plain = (s: string) =>
  s
    .replace(/-[ \t]*\n\s*/g, '')
    .replace(/[\u2018\u2019\u201c\u201d"']/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

describe('seeded definitions', () => {
  const seeds = loadSeeds();

  it('cover the handreiking terms the documents define, and only those', () => {
    const names = seeds.map((s) => nameKey(s.term));
    for (const t of ['big five', 'beschermd wonen', 'maatschappelijke opvang', 'housing first', 'omklappen']) expect(names).toContain(t);
    // Used in the documents but never defined there.
    for (const t of ['regelkracht', 'prestatieafspraken', 'doorstroom']) expect(names).not.toContain(t);
  });

  it.each(seeds.map((s) => [s.term, s] as const))('%s: citation points at lines that define it', (_term, seed) => {
    const doc = catalog.documents.find((d) => d.id === seed.source.document);
    expect(doc, `catalog id ${seed.source.document}`).toBeDefined();
    expect(doc!.file).toBe(seed.source.file);
    const [from, to] = seed.source.lines;
    expect(from).toBeGreaterThan(0);
    expect(to).toBeGreaterThanOrEqual(from);
    expect(to - from).toBeLessThan(30);
    const text = citedText(seed.source.file, seed.source.lines);
    expect(nameKey(text)).toContain(nameKey(seed.term));
    for (const part of seed.definition.split('…').map(plain).filter(Boolean)) {
      expect(text, `quote from ${seed.source.file}:${from}-${to}`).toContain(part);
    }
  });

  it('have unique names', () => {
    const keys = seeds.flatMap((s) => [s.term, ...s.synonyms]).map(nameKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
