import { t } from '../core/i18n.js';
import type { Citation, Language } from '../core/types.js';

export interface AskOptions {
  /** Number of citations to return, best first (default 5). */
  k?: number;
  /** Answer language; detected from the question when absent. */
  language?: Language;
  /** Extra retrieval terms, e.g. synonyms from the group's glossary. */
  extraTerms?: string[];
  /** Restrict retrieval to these catalog document ids. */
  documents?: string[];
  /**
   * Receives the generated answer as it is written, already citation-checked. Only called when a
   * model writes the answer; the resolved Answer is what counts (it may replace what was shown).
   */
  onText?: (delta: string) => void;
  /** The asking working group: its own documents are searched too; without it only the shared ones. */
  group?: string;
  /** Passages never to use (a step's own question figure only repeats the question). */
  exclude?: { document: string; lines: [number, number] }[];
}

/**
 * Why an answer gives nothing from the passages: the question is about something else (`off_topic`), a specific fact
 * the documents do not state (`missing_fact`), a named subject the passages found do not mention (`subject_unread`),
 * too little evidence (`not_found`), or it asks about the documents themselves and the catalog answers (`catalog`).
 */
export type Refusal = 'off_topic' | 'missing_fact' | 'subject_unread' | 'not_found' | 'catalog';

export interface Answer {
  question: string;
  language: Language;
  abstained: boolean;
  /** Set when `abstained`: which refusal sentence the member reads. */
  refusal?: Refusal;
  /** Markdown text with [n] markers that point into `citations`. */
  answer: string;
  /** The passages the text cites, numbered as it cites them. */
  citations: Citation[];
  /** Labels of the nearest passages the text does not cite (at most two): "Zie ook", shown under the text. */
  seeAlso?: string[];
  /** Every passage the answer read, best first (numbered as found). */
  retrieved: Citation[];
  /** The passages a language model reads (or would read, offline) for this question, in order (src/qa/context.ts). */
  context: { document: string; file: string; lines: [number, number] }[];
  /** The quoted sentences by passage (offline answers), numbered as `citations`. */
  quotes?: { n: number; text: string }[];
  /** True when an LLM wrote the answer. */
  generated: boolean;
  /** Shown with the answer, e.g. that the LLM failed and the answer is extractive. */
  notice?: string;
  timings: { totalMs: number; retrievalMs?: number; llmMs?: number };
}

/** Grounded question answering over the ingested documents. */
export interface Answerer {
  answer(question: string, opts?: AskOptions): Promise<Answer>;
  /** Retrieval only: the passages that best answer the query, as citations. */
  search(query: string, opts?: AskOptions): Promise<Citation[]>;
}

/** What a member reads of an answer: its text, then the nearest other passages as one "Zie ook" line. */
export function shownAnswer(a: Pick<Answer, 'answer' | 'seeAlso' | 'language'>): string {
  return a.seeAlso?.length ? `${a.answer}\n${t(a.language, 'qa.see_also')} ${a.seeAlso.join('; ')}` : a.answer;
}
