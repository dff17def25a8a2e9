import { createRequire } from 'node:module';
import type { Language } from '../core/types.js';
import { fold } from './analyzer.js';
import { snowballStem } from './stemmers.js';

// How common a word is in everyday Dutch or English. The lists are zxcvbn-ts's password dictionaries: words of film
// subtitles and Wikipedia, most frequent first. A maintained package rather than a list of our own: its ranks come
// from large general corpora, not from anything this project has seen. Loaded on first use (a few MB).

type Dictionary = Record<string, string[]>;
const require = createRequire(import.meta.url);

/** Lists per language, most frequent word first. */
const LISTS: Record<Language, { module: string; lists: string[] }> = {
  nl: { module: '@zxcvbn-ts/language-nl-be', lists: ['commonWords', 'wikipedia'] },
  en: { module: '@zxcvbn-ts/language-en', lists: ['commonWords-en', 'wikipedia-en'] },
};

const ranks = new Map<Language, { rank: Map<string, number>; longest: number }>();
/** A stem's key in the ranks, apart from the words themselves. */
const stemKey = (word: string, lang: Language) => `~${snowballStem[lang](word)}`;
const dictionaryOf = (lang: Language) => (require(LISTS[lang].module) as { dictionary: Dictionary }).dictionary;

function rankOf(lang: Language): { rank: Map<string, number>; longest: number } {
  let found = ranks.get(lang);
  if (!found) {
    const { lists } = LISTS[lang];
    const dictionary = dictionaryOf(lang);
    const rank = new Map<string, number>();
    let longest = 0;
    for (const name of lists) {
      const list = dictionary[name] ?? [];
      longest = Math.max(longest, list.length);
      list.forEach((w, i) => {
        // A word's forms share its uses ("keeps" is as everyday as "keep"): each form and its stem get the best rank.
        for (const key of [fold(w), stemKey(fold(w), lang)]) if (!rank.has(key) || rank.get(key)! > i + 1) rank.set(key, i + 1);
      });
    }
    found = { rank, longest };
    ranks.set(lang, found);
  }
  return found;
}

/**
 * Estimated uses per million words (Zipf's law: the word of rank r makes up about 1/(10 r) of a text). A word the
 * lists do not hold is rarer than their last entry.
 */
export function generalPerMillion(word: string, lang: Language): number {
  const { rank, longest } = rankOf(lang);
  const key = fold(word);
  return 1e5 / Math.min(rank.get(key) ?? 2 * longest, rank.get(stemKey(key, lang)) ?? 2 * longest);
}

/** Spoken words (the subtitle lists) up to this rank are everyday words in either language: "start", "home", "club". */
const EVERYDAY_RANK = 10_000;
let everydayWords: Set<string> | undefined;

/** An everyday Dutch or English word, as opposed to a name ("portaal", "utrecht" are not among the first 10,000). */
export function isEverydayWord(word: string): boolean {
  if (!everydayWords) {
    everydayWords = new Set();
    for (const lang of ['nl', 'en'] as const) {
      for (const w of (dictionaryOf(lang)[LISTS[lang].lists[0]] ?? []).slice(0, EVERYDAY_RANK)) everydayWords.add(fold(w));
    }
  }
  return everydayWords.has(fold(word));
}
