import { fold, stem } from '../retrieval/analyzer.js';

// Keys a term is found by: the folded spelling, and its Dutch stems so inflections and plurals meet
// (doorstroom / doorstroming, woonzorgvoorziening / woonzorgvoorzieningen). Typos are left to pg_trgm.

/** Folded words joined by single spaces; hyphens and quotes count as spaces. */
export function nameKey(name: string): string {
  return fold(name)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function stemKey(name: string): string {
  return nameKey(name).split(' ').filter(Boolean).map(stem).join(' ');
}

/** Stems of a text's words, in order, for finding multi-word names in a question. */
export function stemSequence(text: string): string[] {
  return nameKey(text).split(' ').filter(Boolean).map(stem);
}

/** True when the stems of `name` occur as consecutive words of the question. */
export function mentions(questionStems: string[], name: string): boolean {
  const want = stemKey(name).split(' ').filter(Boolean);
  if (want.length === 0) return false;
  // Whole words only, so a short synonym such as 'MO' never matches inside another word.
  outer: for (let i = 0; i + want.length <= questionStems.length; i++) {
    for (let j = 0; j < want.length; j++) if (questionStems[i + j] !== want[j]) continue outer;
    return true;
  }
  return false;
}
