import type { Language } from '../core/types.js';
import type { Queryable } from '../storage/db.js';
import { contentWords, fold, stem } from './analyzer.js';
import { DECISIVE_TYPES, expectedAnswerType, supplies } from './answer-type.js';
import { namedDocuments } from './lexicon.js';
import { analyseQuery } from './query.js';
import { passageTerms } from './terms.js';
import type { Vocabulary } from './vocabulary.js';

// Lexical retrieval: BM25 computed in SQL over the passage_terms inverted index. Unlike
// websearch_to_tsquery it does not require every term, and it weighs rare terms higher.
// Passages are short (precise citations), so a passage's coverage counts its neighbours too.

/**
 * Ranking weights (BM25's own parameters are applied at index time: BM25 in src/ingest/ingest.ts).
 * namedDocument: a question that names a document ("volgens de handleiding") prefers it.
 * quotedInHeading/quotedInText: a phrase the asker quoted ('anders verhuren') found as written.
 * headingMatch: a heading that holds the question's concepts. answerType: a passage that states
 * the percentage, amount or duration asked for.
 */
export const RANKING = {
  namedDocument: 1.25,
  quotedInHeading: 1.6,
  quotedInText: 1.3,
  headingMatch: 0.6,
  answerType: 1.3,
  /** A neighbour joins a citation when it scores at least this share of the passage itself. */
  widenMin: 0.3,
  /** Pull quotes repeat body text; the body copy should win. */
  quote: 0.5,
};

/** The longest citation, in lines of the original file: a citation must point somewhere precise. */
export const MAX_CITATION_SPAN = 30;
/** Candidates scored in SQL before the window re-ranking in the process. */
const CANDIDATES = 120;
/** Front matter and footnotes rarely answer a content question. */
const KIND_FACTOR: Record<string, number> = { voorwoord: 0.6, colofon: 0.3, toc: 0.2, footnote: 0.7, figure: 0.9, table: 0.9 };

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
  /** Share of the question's idf mass found in the passage and its neighbours, 0..1. */
  coverage: number;
  /** The passage states the fact a precise question asks for (a percentage, an amount …); true for other questions. */
  suppliesAnswerType: boolean;
  /** Words of the question that no document uses (the same for every hit of a question). */
  missingWords: string[];
  /** Index terms of the question found in the passage (stems, compound parts, translations). */
  matched: string[];
}

export interface SearchOptions {
  lang: Language;
  limit: number;
  extraTerms?: string[];
  documents?: string[];
}

interface Candidate {
  passage_id: number;
  document_id: number;
  ord: number;
  section: string;
  kind: string;
  score: number;
  matched: string[];
}

/** A passage as read for a hit; `PASSAGE_COLUMNS` selects it from passages p JOIN documents d. */
export interface PassageRow {
  id: number;
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

export const PASSAGE_COLUMNS = 'p.id, d.doc_id, d.file, d.title, p.section, p.heading, p.kind, p.line_start, p.line_end, p.page, p.text';

export function toHit(
  r: PassageRow,
  score: number,
  coverage: number,
  suppliesAnswerType: boolean,
  missingWords: string[] = [],
  matched: string[] = [],
): Hit {
  return {
    passageId: r.id,
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
    score,
    coverage,
    suppliesAnswerType,
    missingWords,
    matched,
  };
}

export async function lexicalSearch(db: Queryable, vocab: Vocabulary, question: string, opts: SearchOptions): Promise<Hit[]> {
  const q = await analyseQuery(db, vocab, question, opts.lang, opts.extraTerms);
  if (q.terms.size === 0) return [];
  const termList = [...q.terms.keys()];
  const { rows: stats } = await db.query<{ term: string; df: number | null; n: number }>(
    `SELECT t.term, s.df, (SELECT count(*) FROM passages)::int AS n
     FROM unnest($1::text[]) AS t(term) LEFT JOIN term_stats s ON s.term = t.term`,
    [termList],
  );
  const n = stats[0]?.n ?? 0;
  if (n === 0) return [];
  const idf = new Map(stats.map((s) => [s.term, Math.log(1 + (n - (s.df ?? 0) + 0.5) / ((s.df ?? 0) + 0.5))]));
  const maxIdf = Math.log(1 + (n + 0.5) / 0.5);
  const { rows: scoredRows } = await db.query<{ passage_id: number; score: number; matched: string[] }>(
    `SELECT pt.passage_id, sum(q.w * pt.bm25) AS score, array_agg(pt.term) AS matched
     FROM passage_terms pt JOIN unnest($1::text[], $2::real[]) AS q(term, w) ON q.term = pt.term
     WHERE $4::text[] IS NULL
        OR pt.passage_id IN (SELECT p.id FROM passages p JOIN documents d ON d.id = p.document_id WHERE d.doc_id = ANY($4))
     GROUP BY pt.passage_id ORDER BY score DESC LIMIT $3`,
    [termList, termList.map((t) => q.terms.get(t)! * (idf.get(t) ?? maxIdf)), CANDIDATES, opts.documents ?? null],
  );
  const { rows: meta } = await db.query<{ id: number; document_id: number; ord: number; section: string; kind: string }>(
    'SELECT id, document_id, ord, section, kind FROM passages WHERE id = ANY($1)',
    [scoredRows.map((r) => r.passage_id)],
  );
  const metaById = new Map(meta.map((m) => [m.id, m]));
  const candidates: Candidate[] = scoredRows.map((r) => {
    const m = metaById.get(r.passage_id)!;
    return { passage_id: r.passage_id, document_id: m.document_id, ord: m.ord, section: m.section, kind: m.kind, score: Number(r.score), matched: r.matched };
  });

  const byPlace = new Map(candidates.map((c) => [`${c.document_id}:${c.ord}`, c]));
  /** The matching passage before (d = -1) or after (d = 1) a candidate, in the same section. */
  const neighbourOf = (c: Candidate, d: number) => {
    const x = byPlace.get(`${c.document_id}:${c.ord + d}`);
    return x && x.section === c.section ? x : undefined;
  };
  // A concept weighs as its rarest rendering; an unknown one weighs most (it is surely missing).
  const conceptIdf = q.concepts.map((alts) => Math.max(...[...alts].map((t) => idf.get(t) ?? maxIdf)));
  /** How fully a set of terms holds concept i: 1 for any rendering, a share for some parts of a compound. */
  const credit = (i: number, has: Set<string>) => {
    if ([...q.concepts[i]].some((t) => has.has(t))) return 1;
    const p = q.parts[i];
    return p?.length ? p.filter((t) => has.has(t)).length / p.length : 0;
  };
  const mass = conceptIdf.reduce((s, x) => s + x, 0) || 1;
  const scored = candidates.map((c) => {
    const own = new Set(c.matched);
    const near = new Set([neighbourOf(c, -1), neighbourOf(c, 1)].flatMap((x) => x?.matched ?? []));
    // Coverage: how much of the question (rare words weighing more) the passage holds; its neighbours count half.
    const covered = q.concepts.reduce((s, _, i) => s + Math.max(credit(i, own), 0.5 * credit(i, near)) * conceptIdf[i], 0);
    const coverage = covered / mass;
    return { c, coverage, score: c.score * (c.kind === 'quote' ? RANKING.quote : KIND_FACTOR[c.kind] ?? 1) * (0.5 + coverage) };
  });
  const named = namedDocuments(question);
  scored.sort((a, b) => b.score - a.score);
  const top = scored.slice(0, opts.limit * 3);
  const wantedIds = new Set(top.flatMap(({ c }) => [c, neighbourOf(c, -1), neighbourOf(c, 1)]).filter((x) => x).map((x) => x!.passage_id));
  const { rows } = await db.query<PassageRow>(
    `SELECT ${PASSAGE_COLUMNS} FROM passages p JOIN documents d ON d.id = p.document_id WHERE p.id = ANY($1)`,
    [[...wantedIds]],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const phrases = quotedPhrases(question);
  const wanted = expectedAnswerType(question);
  // Focus: the rarer half of the question's concepts, the part a fact must stand next to.
  const meanIdf = mass / (conceptIdf.length || 1);
  const focus = q.concepts.filter((_, i) => conceptIdf[i] >= meanIdf);
  const sentenceStems = (sentence: string) => new Set(passageTerms('', '', sentence, vocab).keys());
  const decisive = DECISIVE_TYPES.has(wanted);
  // Only a decisive type needs the (costly) sentence-level check; for the others the kind of fact anywhere will do.
  const suppliesType = (text: string) => (decisive ? supplies(wanted, text, focus, sentenceStems) : supplies(wanted, text));
  const hits = top.map(({ c, coverage, score }): Hit => {
    const r = byId.get(c.passage_id)!;
    if (named.has(r.doc_id)) score *= RANKING.namedDocument;
    const typed = suppliesType(r.text);
    if (wanted !== 'open' && typed) score *= RANKING.answerType;
    // A heading that names what the question asks about marks the section written for it.
    const headingStems = new Set(contentWords(r.heading).map(stem));
    const inHeading = q.concepts.reduce((s, _, i) => s + credit(i, headingStems) * conceptIdf[i], 0);
    score *= 1 + RANKING.headingMatch * (inHeading / mass);
    for (const phrase of phrases) {
      if (fold(r.heading).includes(phrase)) score *= RANKING.quotedInHeading;
      else if (fold(r.text).includes(phrase)) score *= RANKING.quotedInText;
    }
    return toHit(r, score, coverage, !decisive || typed, q.missing, c.matched);
  });
  hits.sort((a, b) => b.score - a.score);
  return widenCitations(hits, top, neighbourOf, byId, suppliesType).slice(0, opts.limit);
}

/**
 * A short passage often states its point in the sentence before or after it. Each hit takes in its
 * better-matching neighbour of the same section when the two together still span at most
 * MAX_CITATION_SPAN lines, so a citation stays precise; passages already cited are not cited twice.
 */
function widenCitations(
  hits: Hit[],
  top: { c: Candidate }[],
  neighbourOf: (c: Candidate, d: number) => Candidate | undefined,
  byId: Map<number, PassageRow>,
  suppliesType: (text: string) => boolean,
): Hit[] {
  const candidateOf = new Map(top.map(({ c }) => [c.passage_id, c]));
  const cited = new Set<number>();
  const out: Hit[] = [];
  for (const hit of hits) {
    if (cited.has(hit.passageId)) continue;
    cited.add(hit.passageId);
    const c = candidateOf.get(hit.passageId)!;
    const options = [neighbourOf(c, -1), neighbourOf(c, 1)]
      .filter((n): n is Candidate => n !== undefined && !cited.has(n.passage_id) && n.score >= c.score * RANKING.widenMin)
      .sort((a, b) => b.score - a.score);
    const n = options[0] && byId.get(options[0].passage_id);
    if (n && Math.max(n.line_end, hit.lineEnd) - Math.min(n.line_start, hit.lineStart) + 1 <= MAX_CITATION_SPAN) {
      cited.add(n.id);
      const before = n.line_start < hit.lineStart;
      const text = before ? `${n.text} ${hit.text}` : `${hit.text} ${n.text}`;
      out.push({
        ...hit,
        lineStart: Math.min(n.line_start, hit.lineStart),
        lineEnd: Math.max(n.line_end, hit.lineEnd),
        page: before ? n.page ?? hit.page : hit.page,
        text,
        suppliesAnswerType: hit.suppliesAnswerType || suppliesType(n.text),
        matched: [...new Set([...hit.matched, ...options[0].matched])],
      });
    } else {
      out.push(hit);
    }
  }
  return out;
}

/** Phrases of two or more characters between quotes, folded. */
export function quotedPhrases(question: string): string[] {
  const out: string[] = [];
  for (const m of question.matchAll(/(?:^|[\s(])['‘"“]([^'’"”]{3,80})['’"”](?=$|[\s.,;:?!)])/g)) out.push(fold(m[1]).trim());
  return out;
}
