import type { Language } from '../core/types.js';
import type { Queryable } from '../storage/db.js';
import { contentWords, fold, stem } from './analyzer.js';
import { askedFacts, factEvidence, type FactKind, hasCue, questionForm } from './asked.js';
import { namedDocuments } from './lexicon.js';
import { type Candidate, topPassages } from './postings.js';
import { type AnalysedQuery, analyseQuery } from './query.js';
import { MAX_CITATION_LINES, RANKING, type Ranking } from './ranking.js';
import { passageTerms } from './terms.js';
import type { Vocabulary } from './vocabulary.js';
import { quotedTerms } from '../text/sentences.js';

// Lexical retrieval in stages: the question becomes weighted terms (query.ts); BM25 picks the best
// candidates from the impact-ordered index (postings.ts); coverage re-ranks them, counting a passage's
// neighbours too (passages are short, for precise citations); per-passage boosts (named document,
// answer type, heading, quoted phrase) order the best; neighbours widen a citation when they belong to it.
// Every number is in RANKING (ranking.ts).

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
  /** Ranking numbers; RANKING unless a sweep tries others. */
  ranking?: Ranking;
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
  const ranking = opts.ranking ?? RANKING;
  const q = await analyseQuery(db, vocab, question, opts.lang, opts.extraTerms, ranking);
  if (q.terms.size === 0) return [];
  // The vocabulary is the asking group's: its candidates come from the shared documents and that group's own.
  const { idf, maxIdf, candidates } = await topPassages(db, q.terms, ranking.candidates, opts.documents, vocab.group);
  if (candidates.length === 0) return [];
  const concepts = weighConcepts(q, idf, maxIdf);
  const neighbourOf = neighbours(candidates);
  const top = byCoverage(candidates, concepts, neighbourOf, ranking).slice(0, opts.limit * ranking.rerankPool);
  const wantedIds = new Set(
    top
      .flatMap(({ c }) => [c, neighbourOf(c, -1), neighbourOf(c, 1)])
      .filter((x) => x)
      .map((x) => x!.passage_id),
  );
  const { rows } = await db.query<PassageRow>(
    `SELECT ${PASSAGE_COLUMNS} FROM passages p JOIN documents d ON d.id = p.document_id WHERE p.id = ANY($1)`,
    [[...wantedIds]],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const asked = { named: namedDocuments(question), phrases: quotedPhrases(question), type: answerTypeCheck(question, q, concepts, vocab) };
  const hits = top.map(({ c, coverage, score }) => boosted(byId.get(c.passage_id)!, c, coverage, score, asked, q, concepts, ranking));
  hits.sort((a, b) => b.score - a.score);
  return widenCitations(hits, top, neighbourOf, byId, asked.type.check, ranking).slice(0, opts.limit);
}

/** The question's concepts weighed by idf: a concept weighs as its rarest rendering; an unknown one weighs most (it is surely missing). */
interface Concepts {
  idf: number[];
  /** Their sum: the question's whole weight. */
  mass: number;
  /** How fully a set of terms holds concept i: 1 for any rendering, a share for some parts of a compound. */
  credit: (i: number, has: Set<string>) => number;
  /** Share of the question's weight that a set of terms holds. */
  share: (has: Set<string>) => number;
}

function weighConcepts(q: AnalysedQuery, idf: Map<string, number>, maxIdf: number): Concepts {
  const conceptIdf = q.concepts.map((alts) => Math.max(...[...alts].map((t) => idf.get(t) ?? maxIdf)));
  const mass = conceptIdf.reduce((s, x) => s + x, 0) || 1;
  const credit = (i: number, has: Set<string>) => {
    if ([...q.concepts[i]].some((t) => has.has(t))) return 1;
    const p = q.parts[i];
    return p?.length ? p.filter((t) => has.has(t)).length / p.length : 0;
  };
  const share = (has: Set<string>) => q.concepts.reduce((s, _, i) => s + credit(i, has) * conceptIdf[i], 0) / mass;
  return { idf: conceptIdf, mass, credit, share };
}

type NeighbourOf = (c: Candidate, d: number) => Candidate | undefined;

/** The matching passage before (d = -1) or after (d = 1) a candidate, in the same section. */
function neighbours(candidates: Candidate[]): NeighbourOf {
  const byPlace = new Map(candidates.map((c) => [`${c.document_id}:${c.ord}`, c]));
  return (c, d) => {
    const x = byPlace.get(`${c.document_id}:${c.ord + d}`);
    return x && x.section === c.section ? x : undefined;
  };
}

/** Coverage: how much of the question (rare words weighing more) a passage holds, its neighbours counting in part. */
function byCoverage(candidates: Candidate[], concepts: Concepts, neighbourOf: NeighbourOf, ranking: Ranking) {
  return candidates
    .map((c) => {
      const own = new Set(c.matched);
      const near = new Set([neighbourOf(c, -1), neighbourOf(c, 1)].flatMap((x) => x?.matched ?? []));
      const covered = concepts.idf.reduce(
        (s, idf, i) => s + Math.max(concepts.credit(i, own), ranking.neighbourCredit * concepts.credit(i, near)) * idf,
        0,
      );
      const coverage = covered / concepts.mass;
      return { c, coverage, score: c.score * (ranking.kind[c.kind] ?? 1) * (ranking.coverageBase + coverage) };
    })
    .sort((a, b) => b.score - a.score);
}

/** Kinds of fact precise enough that a passage without one cannot answer the question. */
const DECISIVE: ReadonlySet<FactKind> = new Set(['percentage', 'money', 'duration', 'contact']);

/**
 * Whether a passage states the kind of fact the question asks for. For a decisive kind the fact must stand next to
 * what the question is about: within two consecutive sentences, the fact and at least half of the question's focus
 * concepts (the rarer half).
 */
function answerTypeCheck(question: string, q: AnalysedQuery, concepts: Concepts, vocab: Vocabulary) {
  const kind: FactKind | undefined = askedFacts(question).kinds[0];
  const definition = !kind && questionForm(question) === 'definition';
  const wanted = (kind ?? (definition ? 'definition' : 'open')) as FactKind | 'definition' | 'open';
  const decisive = kind !== undefined && DECISIVE.has(kind);
  const meanIdf = concepts.mass / (concepts.idf.length || 1);
  const focus = q.concepts.filter((_, i) => concepts.idf[i] >= meanIdf);
  const needed = Math.ceil(focus.length / 2);
  const stemsOf = (sentence: string) => new Set(passageTerms('', '', sentence, vocab).keys());
  const states = (text: string) => (kind ? factEvidence(kind).test(text) : definition ? hasCue('definition', text) : true);
  const check = (text: string) => {
    if (!decisive || focus.length === 0) return states(text);
    const sentences = text.split(/(?<=[.!?;])\s+|\s+(?=•)/);
    return sentences.some((sentence, i) => {
      if (!states(sentence)) return false;
      const stems = stemsOf([sentences[i - 1] ?? '', sentence, sentences[i + 1] ?? ''].join(' '));
      return focus.filter((alts) => [...alts].some((t) => stems.has(t))).length >= needed;
    });
  };
  return { wanted, decisive, check };
}

/** A candidate as a hit, with the boosts that need its text: named document, answer type, heading, quoted phrase. */
function boosted(
  r: PassageRow,
  c: Candidate,
  coverage: number,
  score: number,
  asked: { named: Set<string>; phrases: string[]; type: ReturnType<typeof answerTypeCheck> },
  q: AnalysedQuery,
  concepts: Concepts,
  ranking: Ranking,
): Hit {
  const { type } = asked;
  if (asked.named.has(r.doc_id)) score *= ranking.namedDocument;
  const typed = type.check(r.text);
  if (type.wanted !== 'open' && typed) score *= ranking.answerType;
  // A heading that names what the question asks about marks the section written for it.
  score *= 1 + ranking.headingMatch * concepts.share(new Set(contentWords(r.heading).map(stem)));
  for (const phrase of asked.phrases) {
    if (fold(r.heading).includes(phrase)) score *= ranking.quotedInHeading;
    else if (fold(r.text).includes(phrase)) score *= ranking.quotedInText;
  }
  return toHit(r, score, coverage, !type.decisive || typed, q.missing, c.matched);
}

/**
 * A short passage often states its point in the sentence before or after it. Each hit takes in its
 * better-matching neighbour of the same section when the two together still span at most
 * MAX_CITATION_LINES lines, so a citation stays precise; passages already cited are not cited twice.
 */
function widenCitations(
  hits: Hit[],
  top: { c: Candidate }[],
  neighbourOf: NeighbourOf,
  byId: Map<number, PassageRow>,
  suppliesType: (text: string) => boolean,
  ranking: Ranking,
): Hit[] {
  const candidateOf = new Map(top.map(({ c }) => [c.passage_id, c]));
  const cited = new Set<number>();
  const out: Hit[] = [];
  for (const hit of hits) {
    if (cited.has(hit.passageId)) continue;
    cited.add(hit.passageId);
    const c = candidateOf.get(hit.passageId)!;
    const options = [neighbourOf(c, -1), neighbourOf(c, 1)]
      .filter((n): n is Candidate => n !== undefined && !cited.has(n.passage_id) && n.score >= c.score * ranking.widenMin)
      .sort((a, b) => b.score - a.score);
    const n = options[0] && byId.get(options[0].passage_id);
    if (n && Math.max(n.line_end, hit.lineEnd) - Math.min(n.line_start, hit.lineStart) + 1 <= MAX_CITATION_LINES) {
      cited.add(n.id);
      const before = n.line_start < hit.lineStart;
      const text = before ? `${n.text} ${hit.text}` : `${hit.text} ${n.text}`;
      out.push({
        ...hit,
        lineStart: Math.min(n.line_start, hit.lineStart),
        lineEnd: Math.max(n.line_end, hit.lineEnd),
        page: before ? (n.page ?? hit.page) : hit.page,
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

/** The question's quoted phrases, folded. */
export function quotedPhrases(question: string): string[] {
  return quotedTerms(question).map((t) => fold(t).trim());
}
