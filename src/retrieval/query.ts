import type { Language } from '../core/types.js';
import type { Queryable } from '../storage/db.js';
import { askingSentences } from '../text/sentences.js';
import { contentWords, isStopword, stem, words } from './analyzer.js';
import { documentAliasWords, dutchSynonyms, englishToDutch, matchPhrases } from './lexicon.js';
import { RANKING, type Ranking } from './ranking.js';
import { addWordTerms, suspendedCompounds } from './terms.js';
import { mostSimilarWord } from './trigrams.js';
import type { Vocabulary } from './vocabulary.js';

// A question becomes weighted index terms: its own content words (stems and compound parts),
// Dutch words for English ones, paraphrases, fuzzy matches for misspellings, and caller terms.
// It also becomes "concepts": one per word of the question, each satisfied by any of its
// renderings. Coverage (how much of the question a passage holds) is counted over concepts.

export interface AnalysedQuery {
  terms: Map<string, number>;
  /** One set of alternative terms per concept of the question. */
  concepts: Set<string>[];
  /**
   * For a concept that is a compound unknown to the corpus ("omklapwoning"), its parts: a passage
   * holding only some of them ("omklappen", not "woning") covers the concept in part.
   */
  parts: (string[] | undefined)[];
  /** Words of what is asked that the documents never use, in any form (no stem, part, paraphrase or near spelling). */
  missing: string[];
}

function add(out: Map<string, number>, term: string, w: number): void {
  out.set(term, Math.max(out.get(term) ?? 0, w));
}

function termsOf(text: string, vocab: Vocabulary): Map<string, number> {
  const local = new Map<string, number>();
  for (const w of contentWords(text)) addWordTerms(local, w, 1, vocab);
  return local;
}

/** Stems of the words themselves (not compound parts): what a concept is satisfied by. */
function headTerms(text: string): string[] {
  return contentWords(text).map(stem);
}

/** The corpus word most like `w` by trigrams (pg_trgm), computed in the process when it can be (trigrams.ts). */
async function mostSimilar(db: Queryable, vocab: Vocabulary, w: string): Promise<{ word: string; sim: number } | null> {
  const known = mostSimilarWord(vocab, w);
  if (known !== undefined) return known;
  const { rows } = await db.query<{ word: string; sim: number }>(
    `SELECT word, similarity(word, $1) AS sim FROM (
       SELECT word, df FROM vocabulary WHERE word % $1
       UNION ALL SELECT word, df FROM group_vocabulary WHERE $2 <> '' AND group_id = $2 AND word % $1) v
     ORDER BY sim DESC, df DESC LIMIT 1`,
    [w, vocab.group],
  );
  return rows[0] ?? null;
}

export async function analyseQuery(
  db: Queryable,
  vocab: Vocabulary,
  question: string,
  lang: Language,
  extraTerms: string[] = [],
  ranking: Pick<Ranking, 'query' | 'fuzzyMin'> = RANKING,
): Promise<AnalysedQuery> {
  const weightOf = ranking.query;
  const terms = new Map<string, number>();
  const concepts: Set<string>[] = [];
  const parts: (string[] | undefined)[] = [];
  const missing: string[] = [];
  const tokens = words(question);
  // Words of the sentences that ask (ending in '?'); the others give context ("Ik schrijf een raadsnotitie.").
  const asked = new Set(words(askingSentences(question)));
  // The sentences around the question give context: their words help, but less than what is asked.
  const said = (w: string) => (asked.has(w) ? 1 : weightOf.context);
  const addTerms = (local: Map<string, number>, weight: number) => {
    for (const [t, tf] of local) add(terms, t, weight * Math.min(1, tf));
  };
  const addText = (text: string, weight: number) => addTerms(termsOf(text, vocab), weight);

  // English phrases become their Dutch renderings; each phrase is one concept.
  const covered = new Set<number>();
  if (lang === 'en') {
    const map = englishToDutch();
    for (let i = 0; i < tokens.length; i++) {
      for (let n = 3; n >= 1; n--) {
        const phrase = tokens.slice(i, i + n).join(' ');
        const hit = i + n <= tokens.length ? map.get(phrase) : undefined;
        if (!hit) continue;
        const concept = new Set<string>();
        for (const target of hit) {
          addText(target, weightOf.english * Math.max(...tokens.slice(i, i + n).map(said)));
          headTerms(target).forEach((t) => concept.add(t));
        }
        // An English word the documents use as is (Housing First, big five) also stands for itself.
        for (const w of tokens.slice(i, i + n)) if (!isStopword(w) && (vocab.df.get(w) ?? 0) > 0) concept.add(stem(w));
        if (concept.size) concepts.push(concept);
        for (let j = i; j < i + n; j++) covered.add(j);
        i += n - 1;
        break;
      }
    }
  }

  for (const target of matchPhrases(tokens, dutchSynonyms()).targets) addText(target, weightOf.synonym);
  // A word the documents do not use is covered by its paraphrases: "omklapwoning" by "omklappen".
  const paraphrases = (w: string) => (dutchSynonyms().get(w) ?? []).flatMap(headTerms);

  for (const w of suspendedCompounds(question, vocab)) {
    addText(w, weightOf.word);
    concepts.push(new Set([stem(w)]));
  }
  // Words that name a document ("de handleiding") or the kind of answer ("welk percentage") are
  // handled by the ranking as such; as content words they would only dilute the question.
  const meta = new Set([...documentAliasWords(), 'percentage', 'procent', 'percent']);

  for (const [i, w] of tokens.entries()) {
    if (w.length < 2 || isStopword(w) || covered.has(i) || meta.has(w)) continue;
    if ((vocab.df.get(w) ?? 0) > 0 || /\d/.test(w)) {
      addText(w, weightOf.word * said(w));
      concepts.push(new Set([stem(w)]));
      continue;
    }
    // Unknown word: a compound of known parts, else the closest corpus word (typos, inflections).
    const local = termsOf(w, vocab);
    if (local.size > 1) {
      addTerms(local, weightOf.word * said(w));
      concepts.push(new Set([stem(w), ...paraphrases(w)]));
      parts[concepts.length - 1] = [...local.keys()].filter((t) => t !== stem(w));
      continue;
    }
    if (lang === 'en') continue; // an untranslated English word says nothing about Dutch text
    // The shared documents' words and the asking group's own, never another group's.
    const similar = await mostSimilar(db, vocab, w);
    if (similar && similar.sim >= ranking.fuzzyMin) {
      addText(similar.word, weightOf.fuzzy * similar.sim * said(w));
      concepts.push(new Set([stem(similar.word)]));
    } else {
      // Unknown to the corpus: lowers coverage, which favours abstaining, unless a paraphrase is known.
      const known = paraphrases(w);
      concepts.push(new Set([stem(w), ...known]));
      if (known.length === 0 && asked.has(w)) missing.push(w);
    }
  }
  for (const extra of extraTerms) addText(extra, weightOf.extra);
  return { terms, concepts, parts, missing };
}
