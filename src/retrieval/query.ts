import type { Language } from '../core/types.js';
import type { Queryable } from '../storage/db.js';
import { contentWords, isStopword, stem, words } from './analyzer.js';
import { dutchSynonyms, englishToDutch, matchPhrases } from './lexicon.js';
import { addWordTerms } from './terms.js';
import type { Vocabulary } from './vocabulary.js';

// A question becomes weighted index terms: its own content words (stems and compound parts),
// Dutch words for English ones, paraphrases, fuzzy matches for misspellings, and caller terms.

const WEIGHT = { word: 1, english: 0.9, synonym: 0.45, extra: 0.7, fuzzy: 0.8 };
const FUZZY_MIN = 0.45;

export interface AnalysedQuery {
  terms: Map<string, number>;
  /** Terms of the question's own words (or their translations), for coverage. */
  coreTerms: Set<string>;
}

function add(out: Map<string, number>, term: string, w: number): void {
  out.set(term, Math.max(out.get(term) ?? 0, w));
}

export async function analyseQuery(
  db: Queryable,
  vocab: Vocabulary,
  question: string,
  lang: Language,
  extraTerms: string[] = [],
): Promise<AnalysedQuery> {
  const terms = new Map<string, number>();
  const coreTerms = new Set<string>();
  const tokens = words(question);

  const addWords = (text: string, weight: number, core: boolean) => {
    const local = new Map<string, number>();
    for (const w of contentWords(text)) addWordTerms(local, w, 1, vocab);
    for (const [t, tf] of local) {
      add(terms, t, weight * Math.min(1, tf));
      if (core && tf >= 1) coreTerms.add(t);
    }
  };

  const english = lang === 'en' ? matchPhrases(tokens, englishToDutch()) : { targets: [], covered: new Set<number>() };
  for (const target of english.targets) addWords(target, WEIGHT.english, false);
  // English concepts count for coverage once per phrase: the first Dutch rendering stands for it.
  if (lang === 'en') {
    for (let i = 0; i < tokens.length; i++) {
      const hit = englishToDutch().get(tokens[i]);
      if (hit?.[0]) for (const w of contentWords(hit[0])) coreTerms.add(stem(w));
    }
  }

  const synonyms = matchPhrases(tokens, dutchSynonyms());
  for (const target of synonyms.targets) addWords(target, WEIGHT.synonym, false);

  for (const [i, w] of tokens.entries()) {
    if (w.length < 2 || isStopword(w) || english.covered.has(i)) continue;
    if ((vocab.df.get(w) ?? 0) > 0 || /\d/.test(w)) {
      addWords(w, WEIGHT.word, true);
      continue;
    }
    // Unknown word: a compound of known parts, else the closest corpus word (typos, inflections).
    const local = new Map<string, number>();
    addWordTerms(local, w, 1, vocab);
    if (local.size > 1) {
      for (const [t, tf] of local) add(terms, t, WEIGHT.word * Math.min(1, tf));
      coreTerms.add(stem(w));
      continue;
    }
    if (lang === 'en') continue;
    const { rows } = await db.query<{ word: string; sim: number }>(
      'SELECT word, similarity(word, $1) AS sim FROM vocabulary WHERE word % $1 ORDER BY sim DESC, df DESC LIMIT 1',
      [w],
    );
    if (rows[0] && rows[0].sim >= FUZZY_MIN) {
      addWords(rows[0].word, WEIGHT.fuzzy * rows[0].sim, true);
    } else {
      coreTerms.add(stem(w)); // unknown to the corpus: lowers coverage, which favours abstaining
    }
  }
  for (const extra of extraTerms) addWords(extra, WEIGHT.extra, false);
  return { terms, coreTerms };
}
