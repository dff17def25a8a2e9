import { copyRow } from '../storage/copy.js';
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

const QUOTED = /["\\]/;
/** A Postgres array literal of plain values (terms are folded word stems; quoted anyway). */
export function arrayLiteral(values: readonly (string | number)[]): string {
  // Numbers are written as String() writes them, which join does too.
  if (values.every((v) => typeof v === 'number')) return `{${values.join(',')}}`;
  return `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${QUOTED.test(v) ? v.replace(/["\\]/g, '\\$&') : v}"`)).join(',')}}`;
}

/** A passage's entry in the forward index. */
export interface ForwardEntry {
  id: number;
  token_count: number;
  terms: string[];
  tfs: number[];
  /** Owning group of its document; '' for a shared document. */
  scope: string;
}

const FORWARD = `SELECT p.id, p.token_count, p.terms, p.tfs, coalesce(d.group_id, '') AS scope
  FROM passages p JOIN documents d ON d.id = p.document_id`;

/**
 * The term_postings scope of a staged document's group postings (src/documents/store.ts): never a group id (those
 * hold a ':'), never searched; migration 095's trigger deletes them by the same prefix.
 */
const STAGED_SCOPE = '~staged ';
export const stagedScope = (stagedId: number) => `${STAGED_SCOPE}${stagedId}`;

/**
 * Rebuilds term_postings and corpus_stats from the forward index (after any change of the shared documents).
 * `fresh` holds the entries just inserted, so a bulk load reads nothing back; the other passages are read.
 * The corpus statistics (passages, average length) are those of the shared documents, so a group adding its
 * own document re-indexes only that group's postings (rebuildGroupPostings).
 */
export async function rebuildPostings(tx: Queryable, fresh: ForwardEntry[]): Promise<void> {
  const { rows: kept } = await tx.query<ForwardEntry>(`${FORWARD} WHERE d.staged_at IS NULL AND NOT (p.id = ANY($1))`, [
    fresh.map((e) => e.id),
  ]);
  const rows = [...kept, ...fresh];
  const shared = rows.filter((r) => r.scope === '');
  // Rounded as stored (real): the query computes exact scores with the stored value.
  const basis = shared.length ? shared : rows;
  const avgLength = Math.fround(Math.max(1, basis.reduce((s, r) => s + r.token_count, 0) / (basis.length || 1)));
  // A group document being stored keeps its staged postings (src/documents/store.ts).
  await tx.query('DELETE FROM term_postings WHERE group_id NOT LIKE $1', [`${STAGED_SCOPE}%`]);
  // A bulk load: copied where the store can.
  await writePostings(tx, rows, avgLength, true);
  await tx.query(
    `INSERT INTO corpus_stats (id, passages, avg_length, version) VALUES (1, $1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET passages = EXCLUDED.passages, avg_length = EXCLUDED.avg_length, version = EXCLUDED.version`,
    [shared.length, avgLength, `${rows.length}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2, 8)}`],
  );
}

/** Rebuilds one group's postings from its documents' forward index, with the shared corpus statistics. */
export async function rebuildGroupPostings(tx: Queryable, groupId: string): Promise<void> {
  const { rows } = await tx.query<ForwardEntry>(`${FORWARD} WHERE d.group_id = $1 AND d.staged_at IS NULL`, [groupId]);
  const { rows: stats } = await tx.query<{ avg_length: number }>('SELECT avg_length FROM corpus_stats');
  const avgLength = Math.fround(stats[0]?.avg_length ?? Math.max(1, rows.reduce((s, r) => s + r.token_count, 0) / (rows.length || 1)));
  await tx.query('DELETE FROM term_postings WHERE group_id = $1', [groupId]);
  await writePostings(tx, rows, avgLength);
}

/** Each scope's postings per term, best TOP_POSTINGS by impact, in multi-row inserts (or bulk-loaded, `copy`). */
async function writePostings(tx: Queryable, rows: ForwardEntry[], avgLength: number, copy = false): Promise<void> {
  const computed = postingRows(rows, avgLength);
  if (copy && tx.copyFrom) await copyPostingRows(tx, computed);
  else await insertPostingRows(tx, computed);
}

/** The same rows as insertPostingRows, bulk-loaded (Queryable.copyFrom). */
async function copyPostingRows(tx: Queryable, rows: PostingRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const data = rows
      .slice(i, i + INSERT_BATCH)
      .map(copyRow)
      .join('');
    await tx.copyFrom!(`COPY term_postings (group_id, term, df, passage_ids, impacts) FROM '/dev/blob'`, data);
  }
}

/** A term_postings row: scope, term, df, passage ids and impacts (array literals). */
export type PostingRow = [string, string, number, string, string];

/** Each scope's postings per term, best TOP_POSTINGS by impact (plain computation: a parse worker runs it too). */
export function postingRows(rows: Iterable<ForwardEntry>, avgLength: number): PostingRow[] {
  const lists = new PostingLists(avgLength);
  for (const r of rows) lists.add(r);
  return lists.rows();
}

/**
 * Posting lists built one passage at a time. A list holds at most twice TOP_POSTINGS entries: past that it is cut
 * to its best TOP_POSTINGS (the order is total, so the best of the whole list are the same), so a large document's
 * postings never sit in memory all at once.
 */
export class PostingLists {
  /**
   * Per scope and term: how many passages hold it, and the best so far as parallel ids and weights (plain numbers,
   * not objects); found by scope, then term (no key string made per posting), written in the order first seen.
   */
  private readonly lists: PostingList[] = [];
  private readonly byScope = new Map<string, Map<string, PostingList>>();

  constructor(private readonly avgLength: number) {}

  add(r: ForwardEntry): void {
    let terms = this.byScope.get(r.scope);
    if (!terms) this.byScope.set(r.scope, (terms = new Map()));
    r.terms.forEach((term, i) => {
      let list = terms.get(term);
      if (!list) {
        list = { scope: r.scope, term, df: 0, ids: [], ws: [] };
        terms.set(term, list);
        this.lists.push(list);
      }
      list.df++;
      list.ids.push(r.id);
      list.ws.push(termWeight(Number(r.tfs[i]), r.token_count, this.avgLength));
      if (list.ids.length >= 2 * TOP_POSTINGS) Object.assign(list, best(list));
    });
  }

  rows(): PostingRow[] {
    return [...this.eachRow()];
  }

  /** The rows one at a time (a worker packs them as they come). */
  *eachRow(): Generator<PostingRow> {
    for (const list of this.lists) {
      const top = best(list);
      yield [list.scope, list.term, list.df, arrayLiteral(top.ids), arrayLiteral(top.ws)];
    }
  }
}

interface PostingList {
  scope: string;
  term: string;
  df: number;
  ids: number[];
  ws: number[];
}

/** The best TOP_POSTINGS of a list by impact, ties to the lower id. */
function best(list: { ids: number[]; ws: number[] }): { ids: number[]; ws: number[] } {
  const order = list.ids.map((_, i) => i).sort((a, b) => list.ws[b] - list.ws[a] || list.ids[a] - list.ids[b]);
  const top = order.slice(0, TOP_POSTINGS);
  return { ids: top.map((i) => list.ids[i]), ws: top.map((i) => list.ws[i]) };
}

/** Writes computed posting rows in multi-row inserts. */
export async function insertPostingRows(tx: Queryable, rows: PostingRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const batch = rows.slice(i, i + INSERT_BATCH);
    await tx.query(
      `INSERT INTO term_postings (group_id, term, df, passage_ids, impacts)
       SELECT g, t, df, ids::int[], ws::real[] FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[]) AS x(g, t, df, ids, ws)`,
      [0, 1, 2, 3, 4].map((k) => batch.map((row) => row[k])),
    );
  }
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
 * earlier passage. `documents` (catalog ids) restricts the search to their passages (all of them are scored); `group`
 * adds that group's own documents to the shared ones.
 */
export async function topPassages(
  db: Queryable,
  weights: Map<string, number>,
  limit: number,
  documents?: string[],
  group = '',
): Promise<Scored> {
  const terms = [...weights.keys()];
  // The shared documents and the asking group's own: statistics, postings and candidates of no other group.
  const { rows: stats } = await db.query<{ passages: number; avg_length: number; own: number; term: string | null; df: number | null }>(
    `SELECT s.passages, s.avg_length, t.term, t.df,
       (SELECT count(*)::int FROM passages p JOIN documents d ON d.id = p.document_id WHERE $2 <> '' AND d.group_id = $2 AND d.staged_at IS NULL) AS own
     FROM corpus_stats s LEFT JOIN term_postings t ON t.term = ANY($1) AND t.group_id IN ('', $2)`,
    [terms, group],
  );
  const n = (stats[0]?.passages ?? 0) + (stats[0]?.own ?? 0);
  const maxIdf = Math.log(1 + (n + 0.5) / 0.5);
  const df = new Map<string, number>();
  for (const r of stats) if (r.term !== null) df.set(r.term, (df.get(r.term) ?? 0) + Number(r.df));
  const idf = new Map(terms.map((t) => [t, Math.log(1 + (n - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5))]));
  const found = terms.filter((t) => df.has(t));
  if (found.length === 0) return { idf, maxIdf, candidates: [] };
  const { k1, b } = INDEXING;
  // The candidates: passages of the named documents holding a term, or those with the highest sums of best postings.
  const source = documents
    ? `SELECT p.id FROM passages p JOIN documents d ON d.id = p.document_id
       WHERE d.doc_id = ANY($5) AND coalesce(d.group_id, '') IN ('', $6) AND d.staged_at IS NULL AND p.terms && $1::text[]`
    : `SELECT x.id FROM q JOIN term_postings t ON t.term = q.term AND t.group_id IN ('', $6), unnest(t.passage_ids, t.impacts) AS x(id, impact)
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
    [found, found.map((t) => weights.get(t)! * idf.get(t)!), stats[0].avg_length, limit, documents ?? limit * EXACT_POOL, group],
  );
  return { idf, maxIdf, candidates: rows.map((r) => ({ ...r, score: Number(r.score) })) };
}
