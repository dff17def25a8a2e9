import type { MarkedSentence } from '../ingest/debris.js';
import { contentWords, stem } from '../retrieval/analyzer.js';
import { escapeRegExp } from '../text/regex.js';
import { memo } from '../text/memo.js';
import { askingSentences } from '../text/sentences.js';

// The pieces an answer is made of: the best passages' marked sentences (Source), the parts quoted from them (Part),
// and how much of the question a sentence holds (rare terms count more). The answer model (model/) decides which.

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
  /** The document's title: a passage is about its publisher and year too. */
  title?: string;
  lines?: [number, number];
}

/** All a passage says of what it is about: its document's title and id (a passage is about its publisher too), section and text. */
export const aboutText = (s: Source): string => [s.title ?? '', s.document ?? '', s.section, ...s.sentences.map((x) => x.text)].join(' ');

export interface Part {
  n: number;
  text: string;
  /** States the asked kind of fact for another subject than the one asked: shown labelled as such. */
  other?: boolean;
}

/** A section's labels as patterns at the start of a sentence, longest first (kept: every sentence of it asks). */
const headingPatterns = memo((section: string) =>
  section
    .split(' > ')
    .map((l) => l.replace(/^[\d.]+\s*/, '').trim())
    .filter((l) => l.length > 2)
    .sort((a, b) => b.length - a.length)
    .map((label) => new RegExp(`^(?:[\\d.]+\\s*)?${escapeRegExp(label).replace(/\\s+|\s+/g, '\\s+')}\\s+(?=\\S)`, 'i')),
);

/** Passages start with their heading ("5.1 Stap 1: inventariseren De inventarisatiestap is …"): the label names it already. */
export function withoutHeadings(sentence: string, section: string): string {
  let out = sentence;
  for (let changed = true; changed;) {
    changed = false;
    for (const re of headingPatterns(section)) {
      const next = out.replace(re, '');
      // A label the sentence goes on from ("De Nieuwe Club is een …") is its subject, not a heading.
      if (next !== out && next.length > 0 && !/^\p{Ll}/u.test(next)) {
        out = next;
        changed = true;
      }
    }
  }
  return out;
}

/** A sentence's content words and their stems (read-only: shared between calls). */
const analysed = memo((sentence: string) => {
  const words = contentWords(sentence);
  const inOrder = words.map(stem);
  return { words, inOrder, stems: new Set(inOrder) };
});

/** The stems of a sentence's content words, in order (read-only: shared between calls). */
export const sentenceStems = (sentence: string): readonly string[] => analysed(sentence).inOrder;

/** Share of the question's idf mass a sentence holds: a term counts when a word is, starts with or (≥ 4 letters) contains it. */
export function weightedOverlap(sentence: string, terms: Map<string, number>): number {
  const { words, stems } = analysed(sentence);
  let total = 0;
  let hit = 0;
  for (const [term, w] of terms) {
    total += w;
    if (stems.has(term) || words.some((x) => x.startsWith(term) || (term.length >= 4 && x.includes(term)))) hit += w;
  }
  return total > 0 ? hit / total : 0;
}

/** Weight of words that only the context sentences of a question hold. */
const CONTEXT_WEIGHT = 0.4;

/**
 * Question terms with their idf weights: the question's own stems and what retrieval matched in the passages.
 * Words only of the context ("We starten met de inventarisatie.") weigh less than those of the asking sentence.
 */
export function weightedTerms(question: string, sources: Source[], idf: (t: string) => number): Map<string, number> {
  const asking = askingSentences(question);
  const asked = new Set(contentWords(asking).map(stem));
  const context = new Set(
    contentWords(question)
      .map(stem)
      .filter((t) => !asked.has(t)),
  );
  const terms = new Map<string, number>();
  for (const t of [...asked, ...context, ...sources.flatMap((s) => s.matched)]) {
    const w = idf(t) * (context.has(t) ? CONTEXT_WEIGHT : 1);
    if (w > 0) terms.set(t, w);
  }
  return terms;
}
