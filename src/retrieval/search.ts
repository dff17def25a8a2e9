import type { Language } from '../core/types.js';
import type { Queryable } from '../storage/db.js';
import { analyseQuery } from './query.js';
import type { Vocabulary } from './vocabulary.js';

// Lexical retrieval: BM25 computed in SQL over the passage_terms inverted index. Unlike
// websearch_to_tsquery it does not require every term, and it weighs rare terms higher.

const K1 = 1.2;
const B = 0.6;
/** Front matter and footnotes rarely answer a content question. */
const KIND_FACTOR: Record<string, number> = { voorwoord: 0.6, colofon: 0.3, toc: 0.2, footnote: 0.7, quote: 0.5, figure: 0.9, table: 0.9 };

export interface Hit {
  passageId: number;
  docId: string;
  file: string;
  title: string;
  section: string;
  heading: string;
  kind: string;
  lineStart: number;
  lineEnd: number;
  page: number | null;
  text: string;
  score: number;
  /** Share of the question's idf mass found in the passage, 0..1. */
  coverage: number;
}

export interface SearchOptions {
  lang: Language;
  limit: number;
  extraTerms?: string[];
  documents?: string[];
}

interface Row {
  passage_id: number;
  score: number;
  matched: string[];
  doc_id: string;
  file: string;
  title: string;
  section: string;
  heading: string;
  kind: string;
  line_start: number;
  line_end: number;
  page: number | null;
  text: string;
}

export async function lexicalSearch(db: Queryable, vocab: Vocabulary, question: string, opts: SearchOptions): Promise<Hit[]> {
  const q = await analyseQuery(db, vocab, question, opts.lang, opts.extraTerms);
  if (q.terms.size === 0) return [];
  const termList = [...q.terms.keys()];
  const weights = termList.map((t) => q.terms.get(t)!);
  const { rows: stats } = await db.query<{ term: string; df: number; n: number }>(
    `SELECT t.term, count(pt.passage_id)::int AS df, (SELECT count(*) FROM passages)::int AS n
     FROM unnest($1::text[]) AS t(term) LEFT JOIN passage_terms pt ON pt.term = t.term GROUP BY t.term`,
    [termList],
  );
  const n = stats[0]?.n ?? 0;
  if (n === 0) return [];
  const idf = new Map(stats.map((s) => [s.term, Math.log(1 + (n - s.df + 0.5) / (s.df + 0.5))]));
  const maxIdf = Math.log(1 + (n + 0.5) / 0.5);
  const { rows } = await db.query<Row>(
    `WITH q AS (SELECT * FROM unnest($1::text[], $2::real[], $3::real[]) AS q(term, weight, idf)),
     avg AS (SELECT avg(token_count)::real AS len FROM passages),
     scored AS (
       SELECT pt.passage_id,
              sum(q.weight * q.idf * pt.tf * ${K1 + 1} / (pt.tf + ${K1} * (1 - ${B} + ${B} * p.token_count / avg.len))) AS score,
              array_agg(q.term) AS matched
       FROM passage_terms pt JOIN q ON q.term = pt.term JOIN passages p ON p.id = pt.passage_id, avg
       GROUP BY pt.passage_id
     )
     SELECT s.passage_id, s.score, s.matched, d.doc_id, d.file, d.title, p.section, p.heading, p.kind,
            p.line_start, p.line_end, p.page, p.text
     FROM scored s JOIN passages p ON p.id = s.passage_id JOIN documents d ON d.id = p.document_id
     WHERE ($5::text[] IS NULL OR d.doc_id = ANY($5))
     ORDER BY s.score DESC LIMIT $4`,
    [termList, weights, termList.map((t) => idf.get(t) ?? maxIdf), opts.limit * 4, opts.documents ?? null],
  );
  // Coverage: how much of the question (its own words, rare ones weighing more) the passage contains.
  const core = [...q.coreTerms];
  const coreMass = core.reduce((s, t) => s + (idf.get(t) ?? maxIdf), 0) || 1;
  const hits = rows.map((r): Hit => {
    const matched = new Set(r.matched);
    const covered = core.filter((t) => matched.has(t)).reduce((s, t) => s + (idf.get(t) ?? maxIdf), 0);
    const coverage = covered / coreMass;
    return {
      passageId: r.passage_id,
      docId: r.doc_id,
      file: r.file,
      title: r.title,
      section: r.section,
      heading: r.heading,
      kind: r.kind,
      lineStart: r.line_start,
      lineEnd: r.line_end,
      page: r.page,
      text: r.text,
      coverage,
      score: Number(r.score) * (KIND_FACTOR[r.kind] ?? 1) * (0.5 + coverage),
    };
  });
  hits.sort((a, b) => b.score - a.score);
  return hits.slice(0, opts.limit);
}
