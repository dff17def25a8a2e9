import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import type { Citation } from '../core/types.js';
import type { Queryable } from '../storage/db.js';
import { nameKey, stemKey } from './names.js';
import type { Domain } from './parse.js';
import { SIMILARITY } from './store.js';

// Definitions the documents give themselves (knowledge/glossary/seed.json). They are shown as
// "volgens de documenten" and never stored as a group's definition.

export interface SeedTerm {
  term: string;
  synonyms: string[];
  domain: Domain | null;
  definition: string;
  note?: string;
  source: { document: string; file: string; section: string; lines: [number, number] };
}

export const SEED_FILE = path.join(PROJECT_ROOT, 'knowledge', 'glossary', 'seed.json');
const CATALOG_FILE = path.join(PROJECT_ROOT, 'knowledge', 'documents', 'catalog.json');

let seeds: SeedTerm[] | undefined;
let titles: Map<string, { title: string; label?: string }> | undefined;

export function loadSeeds(): SeedTerm[] {
  seeds ??= (JSON.parse(fs.readFileSync(SEED_FILE, 'utf8')) as { terms: SeedTerm[] }).terms;
  return seeds;
}

function documentTitle(id: string): { title: string; label?: string } {
  if (!titles) {
    titles = new Map();
    try {
      const catalog = JSON.parse(fs.readFileSync(CATALOG_FILE, 'utf8')) as { documents: { id: string; title: string; label?: string }[] };
      for (const d of catalog.documents) titles.set(d.id, { title: d.title, label: d.label });
    } catch {
      // Without a catalog the document id serves as title.
    }
  }
  return titles.get(id) ?? { title: id };
}

export function seedCitation(s: SeedTerm, n: number): Citation {
  return {
    n,
    document: s.source.document,
    file: s.source.file,
    ...documentTitle(s.source.document),
    section: s.source.section,
    lines: s.source.lines,
    page: null,
    text: s.definition,
    score: 1,
  };
}

const namesOf = (s: SeedTerm) => [s.term, ...s.synonyms];

/** The seed for what someone typed: same spelling, same stems, or (pg_trgm) a similar spelling. */
export async function findSeed(db: Queryable, typed: string): Promise<SeedTerm | null> {
  const all = loadSeeds();
  const key = nameKey(typed);
  const stems = stemKey(typed);
  if (!key) return null;
  const direct =
    all.find((s) => namesOf(s).some((n) => nameKey(n) === key)) ?? all.find((s) => namesOf(s).some((n) => stemKey(n) === stems));
  if (direct) return direct;
  const flat = all.flatMap((s, i) => namesOf(s).map((n) => ({ i, key: nameKey(n) })));
  const { rows } = await db.query<{ i: number; s: number }>(
    `SELECT (ord - 1)::int AS i, similarity(k, $1) AS s FROM unnest($2::text[]) WITH ORDINALITY AS u(k, ord)
     WHERE similarity(k, $1) >= $3 ORDER BY s DESC LIMIT 1`,
    [key, flat.map((f) => f.key), SIMILARITY],
  );
  return rows[0] ? all[flat[rows[0].i].i] : null;
}

/** Seeds whose names or definitions contain the filter (all seeds without one). */
export function filterSeeds(filter?: string): SeedTerm[] {
  const all = loadSeeds();
  if (!filter) return all;
  const key = nameKey(filter);
  const stems = stemKey(filter);
  return all.filter(
    (s) => namesOf(s).some((n) => nameKey(n).includes(key) || stemKey(n).includes(stems)) || nameKey(s.definition).includes(key),
  );
}
