import type { MarkedSentence } from '../ingest/debris.js';
import { markSentences } from '../ingest/sentences.js';
import { contentWords, stem } from '../retrieval/analyzer.js';
import type { Hit } from '../retrieval/search.js';
import type { Queryable } from '../storage/db.js';
import type { Part, Source } from './compose.js';

// What the offline answer reads: the hits' marked sentences and the idf of the question's terms.

/**
 * The hits' sentences as marked at ingestion. A hit may have taken in a neighbouring passage (retrieval widens short
 * citations): its sentences are those of every passage inside its line range, in reading order.
 */
export async function loadSources(db: Queryable, hits: Hit[]): Promise<Source[]> {
  const { rows } = await db.query<{ i: number; id: number; sentences: MarkedSentence[] | string | null }>(
    `SELECT x.i::int AS i, p.id, p.sentences
     FROM unnest($1::text[], $2::int[], $3::int[], $4::int[]) WITH ORDINALITY AS x(doc, ls, le, pid, i)
     JOIN documents d ON d.doc_id = x.doc
     CROSS JOIN LATERAL (
       SELECT id FROM passages WHERE document_id = d.id AND id = x.pid
       UNION SELECT id FROM passages WHERE document_id = d.id AND line_start BETWEEN x.ls AND x.le AND line_end <= x.le) m
     JOIN passages p ON p.id = m.id
     ORDER BY x.i, p.ord`,
    [hits.map((h) => h.docId), hits.map((h) => h.lineStart), hits.map((h) => h.lineEnd), hits.map((h) => h.passageId)],
  );
  const byHit = new Map<number, MarkedSentence[]>();
  for (const r of rows) {
    const ss = typeof r.sentences === 'string' ? (JSON.parse(r.sentences) as MarkedSentence[]) : r.sentences;
    if (ss) byHit.set(r.i, [...(byHit.get(r.i) ?? []), ...ss]);
  }
  return hits.map((h, i) => ({
    n: i + 1,
    sentences: byHit.get(i + 1) ?? markSentences([{ ...h, ord: 0, kind: h.kind as never }])[0],
    score: h.score,
    matched: h.matched,
    section: h.section,
    document: h.docId,
    title: h.title,
    lines: [h.lineStart, h.lineEnd] as [number, number],
  }));
}

/**
 * Inverse document frequency of index terms over the passages (BM25's idf): rare terms weigh more. Counted
 * over the shared documents and `group`'s own, never another group's.
 */
export async function loadIdf(db: Queryable, terms: string[], group = ''): Promise<(term: string) => number> {
  const { rows } = await db.query<{ term: string; df: number; n: number }>(
    `SELECT term, sum(df)::int AS df, (SELECT passages FROM corpus_stats) AS n
     FROM term_postings WHERE term = ANY($1) AND group_id IN ('', $2) GROUP BY term`,
    [[...new Set(terms)], group],
  );
  const idf = new Map(rows.map((r) => [r.term, Math.log(1 + (Number(r.n) - Number(r.df) + 0.5) / (Number(r.df) + 0.5))]));
  return (t) => idf.get(t) ?? 0;
}

/** Terms whose weights the composition needs: the question's stems and what retrieval matched. */
export function termsToWeigh(question: string, hits: Hit[]): string[] {
  return [...contentWords(question).map(stem), ...hits.flatMap((h) => h.matched)];
}

/** Parts as the member reads them: each followed by its [n], another subject's after `otherLabel`. */
export function renderParts(parts: Part[], otherLabel: string): string {
  return parts.map((p) => `${p.other ? `${otherLabel} ` : ''}${p.text} [${p.n}]`).join('\n');
}
