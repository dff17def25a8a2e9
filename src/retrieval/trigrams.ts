import type { Vocabulary } from './vocabulary.js';

// pg_trgm's `word % $1 ORDER BY similarity DESC, df DESC LIMIT 1` over the stored vocabulary, computed in the
// process from the vocabulary it already holds: the same word and the same figure, without the database scanning
// every word's trigrams for each unknown word of a question (15–60 ms each on PGlite).
// Words are folded letters and digits ([a-z0-9]+, analyzer.ts), so pg_trgm reads each as one word.

/** pg_trgm's default `pg_trgm.similarity_threshold`, which `%` compares with. */
const THRESHOLD = 0.3;
const PLAIN = /^[a-z0-9]+$/;

/** pg_trgm's trigrams of one plain word: two spaces before it and one after, each trigram once. */
export function trigrams(word: string): string[] {
  const padded = `  ${word} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return [...out];
}

/** similarity() as pg_trgm computes it (a float4: shared / (n₁ + n₂ − shared)). */
export function trigramSimilarity(shared: number, n1: number, n2: number): number {
  return Math.fround(shared / (n1 + n2 - shared));
}

/** A float4 as the database prints it (the shortest digits that read back as the same float4), read as a number. */
export function asPrinted(f: number): number {
  for (let digits = 1; digits < 10; digits++) {
    const v = Number(f.toPrecision(digits));
    if (Math.fround(v) === f) return v;
  }
  return f;
}

interface Index {
  words: string[];
  df: number[];
  sizes: number[];
  byGram: Map<string, number[]>;
}

const indexes = new WeakMap<Vocabulary, Index | null>();

/** The words' trigrams, inverted; null when a word is not plain (then only the database can say). */
function indexOf(vocab: Vocabulary): Index | null {
  let index = indexes.get(vocab);
  if (index !== undefined) return index;
  index = { words: [], df: [], sizes: [], byGram: new Map() };
  for (const [word, df] of vocab.df) {
    if (!PLAIN.test(word)) {
      index = null;
      break;
    }
    const grams = trigrams(word);
    const i = index.words.push(word) - 1;
    index.df.push(df);
    index.sizes.push(grams.length);
    for (const g of grams) {
      let list = index.byGram.get(g);
      if (!list) index.byGram.set(g, (list = []));
      list.push(i);
    }
  }
  indexes.set(vocab, index);
  return index;
}

/**
 * The vocabulary word most similar to `word` (at least pg_trgm's threshold; the most frequent on equal similarity),
 * with its similarity as the database returns it; null when none is similar enough. Undefined when only the
 * database can say: a vocabulary not read from the store as is (a group's own words are another table), a word
 * that is not plain, or two best words alike in similarity and frequency (the database's order decides those).
 */
export function mostSimilarWord(vocab: Vocabulary, word: string): { word: string; sim: number } | null | undefined {
  if (!vocab.stored || vocab.group || !PLAIN.test(word)) return undefined;
  const index = indexOf(vocab);
  if (!index) return undefined;
  const grams = trigrams(word);
  const shared = new Map<number, number>();
  for (const g of grams) for (const i of index.byGram.get(g) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
  let best = -1;
  let bestSim = -1;
  let tied = false;
  for (const [i, n] of shared) {
    const sim = trigramSimilarity(n, grams.length, index.sizes[i]);
    if (sim < THRESHOLD) continue;
    if (sim > bestSim || (sim === bestSim && index.df[i] > index.df[best])) {
      best = i;
      bestSim = sim;
      tied = false;
    } else if (sim === bestSim && index.df[i] === index.df[best]) {
      tied = true;
    }
  }
  if (best < 0) return null;
  return tied ? undefined : { word: index.words[best], sim: asPrinted(bestSim) };
}
