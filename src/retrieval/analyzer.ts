import fs from 'node:fs';
import path from 'node:path';
import { snowballStem } from './stemmers.js';
import { PROJECT_ROOT } from '../paths.js';

// Turns text into index terms: folded words, Dutch stems, and the parts of compound words.
// The same analysis runs at index time and at query time.

const LEXICON_DIR = path.join(PROJECT_ROOT, 'knowledge', 'lexicon');

function readWordList(file: string): Set<string> {
  const text = fs.readFileSync(path.join(LEXICON_DIR, file), 'utf8');
  return new Set(
    text
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .flatMap((l) => l.split(/\s+/))
      .filter(Boolean)
      .map(fold),
  );
}

let stopNl: Set<string> | undefined;
let stopEn: Set<string> | undefined;

export function stopwords(): { nl: Set<string>; en: Set<string> } {
  stopNl ??= readWordList('stopwords-nl.txt');
  stopEn ??= readWordList('stopwords-en.txt');
  return { nl: stopNl, en: stopEn };
}

let lastFolded: [string, string] = ['', ''];
/** Lower case, no diacritics, typographic quotes and dashes made plain. */
export function fold(s: string): string {
  // A passage's text is folded for its words and again for its suspended compounds (terms.ts): once is enough.
  if (lastFolded[0] === s) return lastFolded[1];
  const folded = foldText(s);
  lastFolded = [s, folded];
  return folded;
}

function foldText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u00b4`]/g, "'")
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u00a0/g, ' ');
}

const stemCache = new Map<string, string>();
/**
 * Snowball stem, after mapping the Dutch nominalisation -atie to its verb in -eren, so that
 * "inventarisatie" and "inventariseren" (or "evaluatie" and "evalueren") meet, and the plural of a noun in -ie to its
 * singular ("subsidies", "categorieën": Snowball keeps their endings, so singular and plural would not meet).
 */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    const singular = word.length > 6 && /ie(s|en)$/.test(word) ? word.replace(/ie(s|en)$/, 'ie') : word;
    const verb = singular.length > 7 && singular.endsWith('atie') ? `${singular.slice(0, -4)}eren` : singular;
    s = /\d/.test(word) ? word : snowballStem.nl(verb);
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/** Word tokens of folded text; hyphenated words yield their parts and the joined form. */
/** Numbered parts of a document, in Dutch: "stap 1" and "step 1" both become the word "stap1". */
const NUMBERED: Record<string, string> = {
  stap: 'stap',
  step: 'stap',
  fase: 'fase',
  phase: 'fase',
  hoofdstuk: 'hoofdstuk',
  chapter: 'hoofdstuk',
  figuur: 'figuur',
  figure: 'figuur',
  bijlage: 'bijlage',
  annex: 'bijlage',
  appendix: 'bijlage',
  paragraaf: 'paragraaf',
  section: 'paragraaf',
};

export function words(text: string): string[] {
  const out: string[] = [];
  let previous = '';
  for (const m of fold(text).matchAll(/[a-z0-9]+(?:['-][a-z0-9]+)*/g)) {
    const w = m[0];
    // A bare number says little, but "stap 1" names a part of the text as precisely as a word.
    if (/^\d{1,2}$/.test(w) && NUMBERED[previous]) out.push(`${NUMBERED[previous]}${w}`);
    previous = w;
    if (w.includes('-') || w.includes("'")) {
      const parts = w.split(/['-]/).filter(Boolean);
      out.push(...parts);
      if (w.includes('-') && parts.length > 1) out.push(parts.join(''));
    } else {
      out.push(w);
    }
  }
  return out;
}

const ARTICLES = new Set(['de', 'het', 'een', 'the', 'a', 'an']);
/** A definite or indefinite article (folded): it may open a name ("De Kade", "The Hague"), never end one. */
export const isArticle = (w: string): boolean => ARTICLES.has(w);

let stopAny: Set<string> | undefined;
export function isStopword(w: string): boolean {
  if (!stopAny) {
    const { nl, en } = stopwords();
    stopAny = new Set([...nl, ...en]);
  }
  return stopAny.has(w);
}

/** Content words: no stop words, no single letters, numbers kept when they look like years or amounts. */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => w.length > 1 && !isStopword(w));
}

const LINKS = ['', 's', 'e', 'en', 'er'];
const MIN_PART = 3;
/** Derivational endings are not words of their own: "mogelijkheden" is no compound of "heden". */
const SUFFIXES = new Set([
  'heid',
  'heden',
  'schap',
  'schappen',
  'lijk',
  'lijke',
  'baar',
  'bare',
  'ingen',
  'isch',
  'ische',
  'tjes',
  'achtig',
]);

/**
 * Splits a Dutch compound into known parts, longest head first, allowing the linking
 * morphemes -s-, -e-, -en-. `known` holds folded words of the corpus.
 * woonzorgvoorziening → woon + zorg + voorziening.
 */
export function splitCompound(word: string, known: (w: string) => boolean, depth = 0): string[] | null {
  if (depth > 3 || word.length < MIN_PART * 2) return null;
  for (let i = word.length - MIN_PART; i >= MIN_PART; i--) {
    const head = word.slice(0, i);
    if (!known(head)) continue;
    for (const link of LINKS) {
      const tailStart = i + link.length;
      if (link && word.slice(i, tailStart) !== link) continue;
      const tail = word.slice(tailStart);
      if (tail.length < MIN_PART + 1 || SUFFIXES.has(tail)) continue;
      if (known(tail)) return [head, tail];
      const rest = splitCompound(tail, known, depth + 1);
      if (rest) return [head, ...rest];
    }
  }
  return null;
}
