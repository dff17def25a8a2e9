import type { Queryable } from '../storage/db.js';
import { INDEXING } from './ranking.js';

// The inverted index, stored compactly: each passage keeps its terms and their frequencies (a forward
// index), each term its postings ordered by impact in blocks of growing size (term_postings). A query
// reads the best postings of its terms first and stops as soon as no unread passage can still enter
// the candidates (Fagin's threshold algorithm), then scores the few remaining candidates exactly
// from their forward index. Cost follows the number of candidates, not the length of posting lists.

/** Postings in block 0 of a term; block b holds FIRST_BLOCK·4^b, so a long list takes few round trips. */
const FIRST_BLOCK = 256;
/** Rows per INSERT while rebuilding: large statements, bounded parameter size. */
const INSERT_BATCH = 2000;

/** BM25 term weight, rounded as stored (real), so bounds and exact scores agree. */
export function termWeight(tf: number, length: number, avgLength: number): number {
  const { k1, b } = INDEXING;
  return Math.fround((tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * length) / avgLength)));
}

/** A Postgres array literal of plain values (terms are folded word stems; quoted anyway). */
export function arrayLiteral(values: readonly (string | number)[]): string {
  return `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}

/** Rebuilds term_postings and corpus_stats from the passages' forward index (after any change of the corpus). */
export async function rebuildPostings(tx: Queryable): Promise<void> {
  const { rows } = await tx.query<{ id: number; token_count: number; terms: string[]; tfs: number[] }>(
    'SELECT id, token_count, terms, tfs FROM passages',
  );
  // Rounded as stored (real): the query reads it back and must compute the same weights.
  const avgLength = Math.fround(Math.max(1, rows.reduce((s, r) => s + r.token_count, 0) / (rows.length || 1)));
  const lists = new Map<string, { id: number; w: number }[]>();
  for (const r of rows) {
    r.terms.forEach((term, i) => {
      let list = lists.get(term);
      if (!list) lists.set(term, (list = []));
      list.push({ id: r.id, w: termWeight(Number(r.tfs[i]), r.token_count, avgLength) });
    });
  }
  await tx.query('DELETE FROM term_postings');
  let batch: [string, number, number, string, string][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await tx.query(
      `INSERT INTO term_postings (term, block, df, passage_ids, impacts)
       SELECT t, b, df, ids::int[], ws::real[] FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::text[]) AS x(t, b, df, ids, ws)`,
      [0, 1, 2, 3, 4].map((k) => batch.map((row) => row[k])),
    );
    batch = [];
  };
  for (const [term, list] of lists) {
    list.sort((a, b) => b.w - a.w || a.id - b.id);
    for (let block = 0, from = 0; from < list.length; from += FIRST_BLOCK * 4 ** block, block++) {
      const slice = list.slice(from, from + FIRST_BLOCK * 4 ** block);
      batch.push([term, block, list.length, arrayLiteral(slice.map((p) => p.id)), arrayLiteral(slice.map((p) => p.w))]);
      if (batch.length >= INSERT_BATCH) await flush();
    }
  }
  await flush();
  await tx.query(
    `INSERT INTO corpus_stats (id, passages, avg_length, version) VALUES (1, $1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET passages = EXCLUDED.passages, avg_length = EXCLUDED.avg_length, version = EXCLUDED.version`,
    [rows.length, avgLength, `${rows.length}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2, 8)}`],
  );
}

/** A passage that may rank among the best, with its exact lexical score. */
export interface Candidate {
  passage_id: number;
  document_id: number;
  ord: number;
  section: string;
  kind: string;
  score: number;
  /** Query terms the passage holds. */
  matched: string[];
}

export interface Scored {
  /** Inverse document frequency of each query term (terms the corpus lacks weigh most). */
  idf: Map<string, number>;
  maxIdf: number;
  /** The best `limit` passages by BM25, best first. */
  candidates: Candidate[];
}

interface Block {
  term: string;
  block: number;
  df: number;
  passage_ids: number[];
  impacts: number[];
}

interface ForwardRow {
  id: number;
  document_id: number;
  ord: number;
  section: string;
  kind: string;
  token_count: number;
  terms: string[];
  tfs: number[];
}

const FORWARD_COLUMNS = 'p.id, p.document_id, p.ord, p.section, p.kind, p.token_count, p.terms, p.tfs';

/**
 * The `limit` passages with the highest BM25 score Σ weight(term)·idf(term)·bm25(term, passage), exactly
 * as if every posting were summed; ties go to the earlier passage. `documents` (catalog ids) restricts the search.
 */
export async function topPassages(db: Queryable, weights: Map<string, number>, limit: number, documents?: string[]): Promise<Scored> {
  const terms = [...weights.keys()];
  const { rows: first } = await db.query<{ passages: number; avg_length: number } & (Block | { [k in keyof Block]: null })>(
    `SELECT s.passages, s.avg_length, t.term, t.block, t.df, t.passage_ids, t.impacts
     FROM corpus_stats s LEFT JOIN term_postings t ON t.term = ANY($1) AND t.block = 0`,
    [terms],
  );
  const n = first[0]?.passages ?? 0;
  const maxIdf = Math.log(1 + (n + 0.5) / 0.5);
  let blocks = first.filter((r): r is typeof r & Block => r.term !== null) as Block[];
  const df = new Map(blocks.map((r) => [r.term, r.df]));
  const idf = new Map(terms.map((t) => [t, Math.log(1 + (n - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5))]));
  if (n === 0) return { idf, maxIdf, candidates: [] };
  /** What one unit of impact of a term adds to a score. */
  const factor = new Map(terms.map((t) => [t, weights.get(t)! * idf.get(t)!]));
  const avgLength = Number(first[0].avg_length);

  const exact = (rows: ForwardRow[]): Candidate[] =>
    rows
      .map((r) => {
        let score = 0;
        const matched: string[] = [];
        r.terms.forEach((t, i) => {
          const f = factor.get(t);
          if (f === undefined) return;
          score += f * termWeight(Number(r.tfs[i]), r.token_count, avgLength);
          matched.push(t);
        });
        return { passage_id: r.id, document_id: r.document_id, ord: r.ord, section: r.section, kind: r.kind, score, matched };
      })
      .sort((a, b) => b.score - a.score || a.passage_id - b.passage_id)
      .slice(0, limit);

  if (documents) {
    // A few named documents: score all their passages that hold a query term.
    const { rows } = await db.query<ForwardRow>(
      `SELECT ${FORWARD_COLUMNS} FROM passages p JOIN documents d ON d.id = p.document_id WHERE d.doc_id = ANY($1) AND p.terms && $2::text[]`,
      [documents, terms],
    );
    return { idf, maxIdf, candidates: exact(rows) };
  }

  // Threshold algorithm over impact-ordered blocks: `seen` holds the score a passage is known to have so far.
  const seen = new Map<number, { low: number; terms: Set<string> }>();
  /** Impact of the last posting read per term; 0 once its list is read to the end. */
  const last = new Map(terms.map((t) => [t, df.has(t) ? Infinity : 0]));
  const read = new Map<string, number>();
  for (;;) {
    for (const b of blocks) {
      const f = factor.get(b.term)!;
      b.passage_ids.forEach((id, i) => {
        let s = seen.get(id);
        if (!s) seen.set(id, (s = { low: 0, terms: new Set() }));
        s.low += f * Number(b.impacts[i]);
        s.terms.add(b.term);
      });
      const done = (read.get(b.term) ?? 0) + b.passage_ids.length;
      read.set(b.term, done);
      last.set(b.term, done >= b.df ? 0 : Number(b.impacts.at(-1)));
    }
    const open = terms.filter((t) => last.get(t)! > 0);
    const unread = open.reduce((s, t) => s + factor.get(t)! * last.get(t)!, 0);
    const lows = [...seen.values()].map((s) => s.low).sort((a, b) => b - a);
    const threshold = lows.length >= limit ? lows[limit - 1] : 0;
    // The passages that may still make the cut: what they have plus all they might gain from unread postings.
    const possible = [...seen].filter(([, s]) => s.low + open.reduce((x, t) => x + (s.terms.has(t) ? 0 : factor.get(t)! * last.get(t)!), 0) >= threshold);
    // Stop when no unread passage can reach the threshold and few enough candidates remain to score exactly.
    if (open.length === 0 || (unread < threshold && possible.length <= 4 * limit)) {
      const { rows } = await db.query<ForwardRow>(`SELECT ${FORWARD_COLUMNS} FROM passages p WHERE p.id = ANY($1)`, [possible.map(([id]) => id)]);
      return { idf, maxIdf, candidates: exact(rows) };
    }
    ({ rows: blocks } = await db.query<Block>(
      `SELECT t.term, t.block, t.df, t.passage_ids, t.impacts
       FROM term_postings t JOIN unnest($1::text[], $2::int[]) AS q(term, block) ON t.term = q.term AND t.block = q.block`,
      [open, open.map((t) => blockOf(read.get(t)!))],
    ));
  }
}

/** The block that starts after `count` postings. */
function blockOf(count: number): number {
  let block = 0;
  for (let start = 0; start < count; start += FIRST_BLOCK * 4 ** block, block++);
  return block;
}
