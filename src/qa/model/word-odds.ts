// Which words a kind of question uses: naive-Bayes log odds per word, one class of questions against another, fitted
// by `npm run fit`. Their sum over a question's words is a feature of the gates: `offtopic_words` (off-topic questions
// against all others) and `missing_words` (facts the documents lack against questions they answer). Errands a channel
// also gets (parking, booking a room, claiming expenses) share everyday words that neither the documents' vocabulary
// nor retrieval scores tell from the documents' own subjects when the errand names a place the documents discuss; a
// fact asked "on average" or "at the moment" is more often one the reports do not give. Hand-written (a few lines
// of counting) because a text-classifier library brings its own tokeniser, and the feature must read the words
// exactly as the rest of the model does.

import type { Asked, WordSigns } from './features.js';

export interface WordOdds {
  about: string;
  /** A word counts only when at least this many fitted questions use it: no word is there for one question. */
  minQuestions: number;
  /** Log odds of each word (the question's folded content words), rounded. */
  weights: Record<string, number>;
}

export const MIN_QUESTIONS = 3;

/** The model's two tables: the words of off-topic questions, and of questions for a fact the documents lack. */
export interface WordTables {
  offTopic: WordOdds;
  missing: WordOdds;
}

/** Laplace smoothing of the counts. */
const SMOOTHING = 1;

/** A fitted question: its words, and whether it is of the class (`yes`) or of the other one. */
export interface Labelled {
  words: string[];
  yes: boolean;
}

export function fitWordOdds(questions: Labelled[], about: string, minQuestions = MIN_QUESTIONS): WordOdds {
  const uses = new Map<string, [number, number]>();
  let yes = 0;
  for (const q of questions) {
    if (q.yes) yes++;
    for (const w of new Set(q.words)) {
      const n = uses.get(w) ?? [0, 0];
      n[q.yes ? 0 : 1]++;
      uses.set(w, n);
    }
  }
  const no = questions.length - yes;
  const share = (n: number, of: number) => (n + SMOOTHING) / (of + 2 * SMOOTHING);
  const weights: Record<string, number> = {};
  for (const w of [...uses.keys()].sort()) {
    const [y, n] = uses.get(w)!;
    if (y + n < minQuestions) continue;
    weights[w] = Math.round(Math.log(share(y, yes) / share(n, no)) * 1e4) / 1e4;
  }
  return { about, minQuestions, weights };
}

/**
 * The words a table reads: the question's content words but for its names. A name says which subject is asked about,
 * not what kind of question it is (a trap about one project would otherwise teach that every question naming it is).
 */
export const tableWords = (asked: Pick<Asked, 'words'>): string[] => asked.words.filter((w) => w.rarity > 0).map((w) => w.word);

/** The question's words' log odds, summed (0 without a fitted table, and for words it does not hold). */
export function wordOdds(table: WordOdds | undefined, words: string[]): number {
  if (!table) return 0;
  return [...new Set(words)].reduce((s, w) => s + (table.weights[w] ?? 0), 0);
}

/** What the tables say of a question's words (nothing without tables: a blank model). */
export function wordSigns(tables: WordTables | undefined, words: string[]): WordSigns {
  return { offTopic: wordOdds(tables?.offTopic, words), missing: wordOdds(tables?.missing, words) };
}
