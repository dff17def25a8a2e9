import type { MarkedSentence } from '../ingest/debris.js';
import { markSentences } from '../ingest/sentences.js';
import { contentWords, stem } from '../retrieval/analyzer.js';
import type { Hit } from '../retrieval/search.js';
import type { Queryable } from '../storage/db.js';
import { COMPOSE, compose, type Part, type Source } from './compose.js';
import { questionKind } from './question-kind.js';

// Offline answer: the marked sentences of the best passages, composed answer first (compose.ts).

/** The hits' sentences as marked at ingestion (marked now for rows ingested before sentences were stored). */
export async function loadSources(db: Queryable, hits: Hit[]): Promise<Source[]> {
  const ids = hits.map((h) => h.passageId);
  const { rows } = await db.query<{ id: number; sentences: MarkedSentence[] | string | null }>(
    'SELECT id, sentences FROM passages WHERE id = ANY($1)',
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id, typeof r.sentences === 'string' ? (JSON.parse(r.sentences) as MarkedSentence[]) : r.sentences]));
  return hits.map((h, i) => ({
    n: i + 1,
    sentences: byId.get(h.passageId) ?? markSentences([{ ...h, ord: 0, kind: h.kind as never }])[0],
    score: h.score,
    matched: h.matched,
    section: h.section,
    document: h.docId,
    lines: [h.lineStart, h.lineEnd] as [number, number],
  }));
}

/** Inverse document frequency of index terms over the passages (BM25's idf): rare terms weigh more. */
export async function loadIdf(db: Queryable, terms: string[]): Promise<(term: string) => number> {
  const { rows } = await db.query<{ term: string; df: number; n: number }>(
    'SELECT term, df, (SELECT count(*)::int FROM passages) AS n FROM term_stats WHERE term = ANY($1)',
    [[...new Set(terms)]],
  );
  const idf = new Map(rows.map((r) => [r.term, Math.log(1 + (Number(r.n) - Number(r.df) + 0.5) / (Number(r.df) + 0.5))]));
  return (t) => idf.get(t) ?? 0;
}

/** Terms whose weights the composition needs: the question's stems and what retrieval matched. */
export function termsToWeigh(question: string, hits: Hit[]): string[] {
  return [...contentWords(question).map(stem), ...hits.flatMap((h) => h.matched)];
}

const WANTS_QUESTIONS = /\b(welke vragen|vragen (stellen|moet|kunnen)|which questions|what questions|vragenlijst|questionnaire)\b/i;

/** `reserved`: characters of the budget already taken (a definition that leads). */
export function extractiveParts(question: string, sources: Source[], idf: (t: string) => number, reserved = 0): Part[] {
  return compose(question, sources, {
    kind: questionKind(question),
    idf,
    wantsQuestions: WANTS_QUESTIONS.test(question),
    budget: COMPOSE.budget - reserved,
  });
}

/** Parts as the member reads them: each followed by its [n]. */
export function renderParts(parts: Part[]): string {
  return parts.map((p) => `${p.text} [${p.n}]`).join('\n');
}
