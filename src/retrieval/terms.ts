import { contentWords, fold, splitCompound, stem } from './analyzer.js';
import { INDEXING } from './ranking.js';
import type { Vocabulary } from './vocabulary.js';

// Index and query terms: the stem of every content word plus the stems of its compound parts,
// so "woonzorgvoorzieningen" also matches "zorg" and "voorziening" and vice versa.

/** Per vocabulary (compound parts depend on it), each word's terms: its stem, then its parts' stems. */
const analysed = new WeakMap<Vocabulary, Map<string, string[]>>();

/** A word's terms in the order they are added: its stem, then the stems of its compound parts other than it. */
function wordTerms(word: string, vocab: Vocabulary): string[] {
  let cache = analysed.get(vocab);
  if (!cache) analysed.set(vocab, (cache = new Map()));
  let terms = cache.get(word);
  if (!terms) {
    const s = stem(word);
    terms = [s];
    if (word.length >= INDEXING.minCompound && !/\d/.test(word)) {
      for (const p of splitCompound(word, vocab.known) ?? []) {
        const ps = stem(p);
        if (ps !== s) terms.push(ps);
      }
    }
    if (cache.size > 200_000) cache.clear();
    cache.set(word, terms);
  }
  return terms;
}

export function addWordTerms(out: Map<string, number>, word: string, weight: number, vocab: Vocabulary): void {
  const terms = wordTerms(word, vocab);
  out.set(terms[0], (out.get(terms[0]) ?? 0) + weight);
  for (let i = 1; i < terms.length; i++) out.set(terms[i], (out.get(terms[i]) ?? 0) + weight * INDEXING.compoundPart);
}

/**
 * Words hidden in suspended compounds: "dak- en thuisloze" also means "dakloze", "zorg- en
 * welzijnsinstellingen" also "zorginstellingen". The left part takes each ending of the right
 * word that makes a word the corpus knows.
 */
export function suspendedCompounds(text: string, vocab: Vocabulary): string[] {
  const out: string[] = [];
  for (const m of fold(text).matchAll(/\b([a-z]{2,})-\s+(?:en|of|en\/of|tot)\s+([a-z]{4,})/g)) {
    const [, left, right] = m;
    for (let k = 2; k <= right.length - 3; k++) {
      const candidate = left + right.slice(k);
      if ((vocab.df.get(candidate) ?? 0) > 0) {
        out.push(candidate);
        break;
      }
    }
  }
  return out;
}

/** Weighted term frequencies of a passage: its own heading counts double, the outer headings of its section once. */
export function passageTerms(section: string, heading: string, text: string, vocab: Vocabulary): Map<string, number> {
  const out = new Map<string, number>();
  for (const w of contentWords(heading)) addWordTerms(out, w, INDEXING.heading, vocab);
  const outer = section.endsWith(heading) ? section.slice(0, section.length - heading.length) : section;
  for (const w of new Set(contentWords(outer))) addWordTerms(out, w, 1, vocab);
  for (const w of contentWords(text)) addWordTerms(out, w, 1, vocab);
  for (const w of suspendedCompounds(text, vocab)) addWordTerms(out, w, 1, vocab);
  return out;
}
