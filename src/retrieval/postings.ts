import type { Queryable } from '../storage/db.js';
import { INDEXING } from './ranking.js';

// The inverted index, stored compactly. Each passage keeps its own terms and their frequencies (a forward
// index); each term keeps its best postings, ordered by impact (BM25 weight), in one row (term_postings).
// A query adds up, inside the database, only those best postings of its terms (score-at-a-time with a
// fixed budget, as in impact-ordered engines), takes the passages with the highest sums and scores them
// exactly from their forward index. While a term has no more than TOP_POSTINGS passages (every term of
// the five documents) this equals summing every posting; on a larger corpus a passage must be among the
// best TOP_POSTINGS of one of the question's terms to be a candidate. The cost follows the number of
// query terms, not the length of the posting lists.

/**
 * Postings kept per term, the highest impacts: two and a half times the passages scored exactly, and more than
 * any term of the five documents has (at most 521 of 1,032 passages), so their ranking is exact.
 */
export const TOP_POSTINGS = 600;
/** Passages scored exactly, as a multiple of the candidates asked for: room for the exact score to reorder. */
const EXACT_POOL = 2;
/** Rows per INSERT while rebuilding: large statements, bounded parameter size. */
const INSERT_BATCH = 2000;

/** BM25 term weight, rounded as stored (real). */
export function termWeight(tf: number, length: number, avgLength: number): number {
  const { k1, b } = INDEXING;
  return Math.fround((tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * length) / avgLength)));
}

/** A Postgres array literal of plain values (terms are folded word stems; quoted anyway). */
export function arrayLiteral(values: readonly (string | number)[]): string {
  return `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}

/** A passage's entry in the forward index. */
export interface ForwardEntry {
  id: number;
  token_count: number;
  terms: string[];
  tfs: number[];
}

/**
 * Rebuilds term_postings and corpus_stats from the forward index (after any change of the corpus). `fresh`
 * holds the entries just inserted, so a bulk load reads nothing back; the other passages are read.
 */
export async function rebuildPostings(tx: Queryable, fresh: ForwardEntry[]): Promise<void> {
  const { rows: kept } = await tx.query<ForwardEntry>('SELECT id, token_count, terms, tfs FROM passages WHERE NOT (id = ANY($1))', [
    fresh.map((e) => e.id),
  ]);
  const rows = [...kept, ...fresh];
  // Rounded as stored (real): the query computes exact scores with the stored value.
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
  let batch: [string, number, string, string][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await tx.query(
      `INSERT INTO term_postings (term, df, passage_ids, impacts)
       SELECT t, df, ids::int[], ws::real[] FROM unnest($1::text[], $2::int[], $3::text[], $4::text[]) AS x(t, df, ids, ws)`,
      [0, 1, 2, 3].map((k) => batch.map((row) => row[k])),
    );
    batch = [];
  };
  for (const [term, list] of lists) {
    list.sort((a, b) => b.w - a.w || a.id - b.id);
    const top = list.slice(0, TOP_POSTINGS);
    batch.push([term, list.length, arrayLiteral(top.map((p) => p.id)), arrayLiteral(top.map((p) => p.w))]);
    if (batch.length >= INSERT_BATCH) await flush();
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

/**
 * The `limit` passages with the highest BM25 score Σ weight(term)·idf(term)·bm25(term, passage), ties to the
 * earlier passage. `documents` (catalog ids) restricts the search to their passages (all of them are scored).
 */
export async function topPassages(db: Queryable, weights: Map<string, number>, limit: number, documents?: string[]): Promise<Scored> {
  const terms = [...weights.keys()];
  const { rows: stats } = await db.query<{ passages: number; avg_length: number; term: string | null; df: number | null }>(
    `SELECT s.passages, s.avg_length, t.term, t.df FROM corpus_stats s LEFT JOIN term_postings t ON t.term = ANY($1)`,
    [terms],
  );
  const n = stats[0]?.passages ?? 0;
  const maxIdf = Math.log(1 + (n + 0.5) / 0.5);
  const df = new Map(stats.filter((r) => r.term !== null).map((r) => [r.term!, r.df!]));
  const idf = new Map(terms.map((t) => [t, Math.log(1 + (n - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5))]));
  const found = terms.filter((t) => df.has(t));
  if (found.length === 0) return { idf, maxIdf, candidates: [] };
  const { k1, b } = INDEXING;
  // The candidates: passages of the named documents holding a term, or those with the highest sums of best postings.
  const source = documents
    ? `SELECT p.id FROM passages p JOIN documents d ON d.id = p.document_id WHERE d.doc_id = ANY($5) AND p.terms && $1::text[]`
    : `SELECT x.id FROM q JOIN term_postings t ON t.term = q.term, unnest(t.passage_ids, t.impacts) AS x(id, impact)
       GROUP BY x.id ORDER BY sum(q.f * x.impact) DESC, x.id LIMIT $5`;
  const { rows } = await db.query<Candidate>(
    `WITH q AS (SELECT * FROM unnest($1::text[], $2::float8[]) AS q(term, f)),
     c AS (${source})
     SELECT p.id AS passage_id, p.document_id, p.ord, p.section, p.kind, e.score, e.matched
     FROM c JOIN passages p ON p.id = c.id CROSS JOIN LATERAL (
       SELECT sum(q.f * (x.tf * ${k1 + 1} / (x.tf + ${k1} * (1 - ${b} + ${b} * p.token_count / $3::real)))::real) AS score,
              array_agg(x.term) AS matched
       FROM unnest(p.terms, p.tfs) AS x(term, tf) JOIN q ON q.term = x.term) e
     ORDER BY e.score DESC, p.id LIMIT $4`,
    [found, found.map((t) => weights.get(t)! * idf.get(t)!), stats[0].avg_length, limit, documents ?? limit * EXACT_POOL],
  );
  return { idf, maxIdf, candidates: rows.map((r) => ({ ...r, score: Number(r.score) })) };
}
