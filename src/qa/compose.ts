import type { MarkedSentence } from '../ingest/debris.js';
import { contentWords, fold, stem } from '../retrieval/analyzer.js';
import { escapeRegExp } from '../text/regex.js';
import { askingSentences } from '../text/sentences.js';
import { hasCue, isAnaphoric, type QuestionKind } from './question-kind.js';

// Offline answer, answer first: the sentences of the best passages that carry most of the question's weight
// (rare terms count more), with the kind of question deciding what leads. Only sentences marked 'content' at
// ingestion are quoted; a list introduced by a colon stays whole, a sentence that leans on the one before it
// ("Dit betekent …") brings that one along.

export interface Source {
  /** 1-based citation number. */
  n: number;
  sentences: MarkedSentence[];
  /** Retrieval score of the passage, for the passage prior. */
  score: number;
  /** Index terms retrieval matched in this passage (translations and paraphrases included). */
  matched: string[];
  /** Section path, stripped from the first sentence when the passage starts with its heading. */
  section: string;
  /** Document id and line range, to tell which passages are near each other. */
  document?: string;
  lines?: [number, number];
}

export interface ComposeOptions {
  kind: QuestionKind;
  /** Inverse document frequency per index term. */
  idf: (term: string) => number;
  /** Characters of quoted text, sources excluded. */
  budget?: number;
  /** Questionnaire items are quoted only when the question asks for questions. */
  wantsQuestions?: boolean;
  /** The asked fact itself, e.g. a number right before the counted noun (tested on folded text). */
  fact?: RegExp | null;
}

export interface Part {
  n: number;
  text: string;
}

/** Composition weights; see README "How answers are composed". */
export const COMPOSE = {
  budget: 900,
  /** Passages read, best first. */
  passages: 5,
  /** Passage prior: 1 / (1 + rankDecay · rank), times the square root of its score relative to the best. */
  rankDecay: 0.6,
  /** A sentence with the cue of the asked kind (a definition, a figure …) counts this much more. */
  cue: 2,
  /** A sentence that states the asked fact itself ("38 woonstudio’s") counts this much more. */
  fact: 3,
  /** A later part must score at least this share of the lead. */
  follow: 0.3,
  maxParts: 4,
  /** Weight of words that only the context sentences of a question hold. */
  context: 0.4,
  /** The lead carries on with the sentences after it in its passage, up to this share of the budget. */
  leadShare: 0.75,
  /** At most this many sentences after the lead. */
  readOn: 5,
  /** Items of a list taken with the sentence that introduces it. */
  maxItems: 12,
};

interface Candidate {
  source: Source;
  idx: number;
  score: number;
}

const isItem = (s: string) => /^([•–-]\s|\d{1,2}[.)]\s|\(?[a-z]\)\s|\([ivx]{1,4}\)\s)/u.test(s);

/** Passages start with their heading ("5.1 Stap 1: inventariseren De inventarisatiestap is …"): the label names it already. */
export function withoutHeadings(sentence: string, section: string): string {
  const labels = section
    .split(' > ')
    .map((l) => l.replace(/^[\d.]+\s*/, '').trim())
    .filter((l) => l.length > 2)
    .sort((a, b) => b.length - a.length);
  let out = sentence;
  for (let changed = true; changed; ) {
    changed = false;
    for (const label of labels) {
      const re = new RegExp(`^(?:[\\d.]+\\s*)?${escapeRegExp(label).replace(/\\s+|\s+/g, '\\s+')}\\s+(?=\\S)`, 'i');
      const next = out.replace(re, '');
      if (next !== out && next.length > 0) {
        out = next;
        changed = true;
      }
    }
  }
  return out;
}

/** Share of the question's idf mass a sentence holds: a term counts when a word is, starts with or (≥ 4 letters) contains it. */
export function weightedOverlap(sentence: string, terms: Map<string, number>): number {
  const words = contentWords(sentence);
  const stems = new Set(words.map(stem));
  let total = 0;
  let hit = 0;
  for (const [term, w] of terms) {
    total += w;
    if (stems.has(term) || words.some((x) => x.startsWith(term) || (term.length >= 4 && x.includes(term)))) hit += w;
  }
  return total > 0 ? hit / total : 0;
}

function shape(sentence: string): number {
  const len = sentence.split(/\s+/).length;
  return len < 5 ? 0.5 : len > 60 ? 0.7 : 1;
}

/**
 * Question terms with their idf weights: the question's own stems and what retrieval matched in the passages.
 * Words only of the context ("We starten met de inventarisatie.") weigh less than those of the asking sentence.
 */
export function weightedTerms(question: string, sources: Source[], idf: (t: string) => number): Map<string, number> {
  const asking = askingSentences(question);
  const asked = new Set(contentWords(asking).map(stem));
  const context = new Set(contentWords(question).map(stem).filter((t) => !asked.has(t)));
  const terms = new Map<string, number>();
  for (const t of [...asked, ...context, ...sources.flatMap((s) => s.matched)]) {
    const w = idf(t) * (context.has(t) ? COMPOSE.context : 1);
    if (w > 0) terms.set(t, w);
  }
  return terms;
}

function quotable(s: MarkedSentence, wantsQuestions: boolean): boolean {
  return s.kind === 'content' || (wantsQuestions && s.kind === 'questionnaire');
}

/** The lead reads on in its passage: the sentences right after it often complete the answer. */
function continued(c: Candidate, idx: number[], wantsQuestions: boolean, room: number): number[] {
  const ss = c.source.sentences;
  const out = [...idx];
  let len = out.reduce((n, k) => n + ss[k].text.length, 0);
  for (let k = out[out.length - 1] + 1; k < ss.length && k <= out[out.length - 1] + COMPOSE.readOn; k++) {
    if (!quotable(ss[k], wantsQuestions) || len + ss[k].text.length > room) break;
    out.push(k);
    len += ss[k].text.length;
  }
  return out;
}

/** The lead or a later part, grown to a readable unit: its antecedent, its list. */
function unit(c: Candidate, wantsQuestions: boolean): number[] {
  const ss = c.source.sentences;
  const idx = [c.idx];
  const text = ss[c.idx].text;
  // "Dit betekent …", "Daarnaast …": the sentence before it carries what it refers to.
  if (isAnaphoric(text) && c.idx > 0 && quotable(ss[c.idx - 1], wantsQuestions)) idx.unshift(c.idx - 1);
  // A list introduced by a colon, or a list item: the whole list, from its introduction.
  let last = c.idx;
  if (isItem(text)) {
    let first = c.idx;
    while (first > 0 && isItem(ss[first - 1].text)) first--;
    if (first > 0 && /:$/.test(ss[first - 1].text)) first--;
    for (let k = first; k < c.idx; k++) if (!idx.includes(k)) idx.push(k);
  }
  if (/:$/.test(ss[last].text) || isItem(ss[last].text)) {
    while (last + 1 < ss.length && idx.length < COMPOSE.maxItems && (isItem(ss[last + 1].text) || /:$/.test(ss[c.idx].text) && last === c.idx)) {
      last++;
      if (ss[last].kind !== 'reference' && ss[last].kind !== 'caption') idx.push(last);
    }
  }
  // A following sentence that leans on this one ("Zo neemt …", "Dit werkt als volgt:") completes it, with its list.
  while (last + 1 < ss.length && idx.length < COMPOSE.maxItems && quotable(ss[last + 1], wantsQuestions) && isAnaphoric(ss[last + 1].text)) {
    idx.push(++last);
    while (/:$/.test(ss[last].text) && last + 1 < ss.length && idx.length < COMPOSE.maxItems && isItem(ss[last + 1].text)) {
      while (last + 1 < ss.length && idx.length < COMPOSE.maxItems && isItem(ss[last + 1].text)) idx.push(++last);
    }
  }
  return [...new Set(idx)].sort((a, b) => a - b);
}

/**
 * Picks and orders the sentences of the answer: the best-scoring sentence leads (as a readable unit), then further
 * units that score at least half of it, within the budget. Returns the parts, each with its citation number.
 */
export function compose(question: string, sources: Source[], opts: ComposeOptions): Part[] {
  const budget = opts.budget ?? COMPOSE.budget;
  const wantsQuestions = opts.wantsQuestions ?? false;
  const terms = weightedTerms(question, sources, opts.idf);
  const top = Math.max(...sources.map((s) => s.score), 1e-9);
  const candidates: Candidate[] = [];
  sources.slice(0, COMPOSE.passages).forEach((source, rank) => {
    const prior = Math.sqrt(Math.max(source.score, 0) / top) / (1 + COMPOSE.rankDecay * rank);
    source.sentences.forEach((s, idx) => {
      if (!quotable(s, wantsQuestions)) return;
      const overlap = weightedOverlap(s.text, terms);
      if (overlap <= 0) return;
      const cue = opts.kind !== 'open' && hasCue(opts.kind, s.text) ? COMPOSE.cue : 1;
      const fact = opts.fact?.test(fold(s.text)) ? COMPOSE.fact : 1;
      candidates.push({ source, idx, score: overlap * cue * fact * shape(s.text) * prior });
    });
  });
  candidates.sort((a, b) => b.score - a.score);
  if (candidates.length === 0) {
    const first = sources[0]?.sentences.findIndex((s) => quotable(s, wantsQuestions)) ?? -1;
    if (first < 0) return [];
    candidates.push({ source: sources[0], idx: first, score: 0 });
  }

  const parts: Part[] = [];
  const taken = new Set<string>();
  let used = 0;
  const lead = candidates[0].score;
  for (const c of candidates) {
    if (parts.length >= COMPOSE.maxParts || (parts.length > 0 && c.score < lead * COMPOSE.follow)) break;
    if (taken.has(`${c.source.n}:${c.idx}`)) continue;
    let idx = unit(c, wantsQuestions).filter((k) => !taken.has(`${c.source.n}:${k}`));
    if (parts.length === 0) idx = continued(c, idx, wantsQuestions, budget * COMPOSE.leadShare);
    const text = idx
      .map((k) => (k === 0 ? withoutHeadings(c.source.sentences[k].text, c.source.section) : c.source.sentences[k].text))
      .join(isItem(c.source.sentences[idx[idx.length - 1]]?.text ?? '') ? '\n' : ' ');
    // The lead is always shown; a later part only when it fits.
    if (parts.length > 0 && used + text.length > budget) continue;
    idx.forEach((k) => taken.add(`${c.source.n}:${k}`));
    used += text.length;
    parts.push({ n: c.source.n, text });
  }
  return parts;
}
