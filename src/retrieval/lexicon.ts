import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import { fold, isArticle, isStopword } from './analyzer.js';

// Bilingual domain lexicon (English → Dutch) and Dutch paraphrases, kept as data in knowledge/lexicon/.

export type PhraseMap = Map<string, string[]>;

function loadMap(file: string): PhraseMap {
  const p = path.join(PROJECT_ROOT, 'knowledge', 'lexicon', file);
  if (!fs.existsSync(p)) return new Map();
  const raw = JSON.parse(fs.readFileSync(p, 'utf8')) as Record<string, string[] | string>;
  const out: PhraseMap = new Map();
  for (const [k, v] of Object.entries(raw)) {
    if (k.startsWith('_') || !Array.isArray(v)) continue;
    out.set(fold(k).trim(), v);
  }
  return out;
}

/** The forms an English phrase's last word may have without its regular -s ending (studios → studio, cities → city). */
function withoutS(phrase: string): string[] {
  const m = /^(.*?)(ies|es|s)$/.exec(phrase);
  if (!m || /(ss|us|is)$/.test(phrase)) return [];
  const [, stem, end] = m;
  return end === 'ies' ? [`${stem}y`] : end === 'es' ? [stem, `${stem}e`] : [stem];
}

/** English entries are looked up with and without a regular plural or third-person -s: the lexicon lists one form. */
class EnglishMap extends Map<string, string[]> {
  override get(phrase: string): string[] | undefined {
    return (
      super.get(phrase) ??
      withoutS(phrase)
        .map((p) => super.get(p))
        .find(Boolean)
    );
  }
  override has(phrase: string): boolean {
    return this.get(phrase) !== undefined;
  }
}

let enNl: PhraseMap | undefined;
let nlSyn: PhraseMap | undefined;
export const englishToDutch = (): PhraseMap => (enNl ??= new EnglishMap(loadMap('en-nl.json')));
export const dutchSynonyms = (): PhraseMap => (nlSyn ??= loadMap('nl-synonyms.json'));

/**
 * Finds lexicon phrases (up to three words, longest first) in a word sequence.
 * Returns the expansions, and for the index of each word they covered what its phrase renders.
 */
export function matchPhrases(tokens: string[], map: PhraseMap): { targets: string[]; covered: Map<number, string[]> } {
  const targets: string[] = [];
  const covered = new Map<number, string[]>();
  for (let i = 0; i < tokens.length; i++) {
    for (let n = 3; n >= 1; n--) {
      if (i + n > tokens.length) continue;
      const phrase = tokens.slice(i, i + n).join(' ');
      const hit = map.get(phrase);
      if (hit) {
        targets.push(...hit);
        for (let j = i; j < i + n; j++) covered.set(j, hit);
        break;
      }
    }
  }
  return { targets, covered };
}

let aliases: Map<string, string[]> | undefined;

function documentAliases(): Map<string, string[]> {
  if (!aliases) {
    aliases = new Map();
    const p = path.join(PROJECT_ROOT, 'knowledge', 'lexicon', 'document-aliases.json');
    if (fs.existsSync(p)) {
      for (const [id, words] of Object.entries(JSON.parse(fs.readFileSync(p, 'utf8')) as Record<string, string[] | string>)) {
        if (id.startsWith('_') || !Array.isArray(words)) continue;
        for (const w of words) aliases.set(fold(w), [...(aliases.get(fold(w)) ?? []), id]);
      }
    }
  }
  return aliases;
}

/** Single words that name a document by kind ("handleiding", "report"). */
export function documentAliasWords(): Set<string> {
  return new Set([...documentAliases().keys()].filter((a) => !a.includes(' ')));
}

/**
 * A run of capitalised words that names a document as the source ("het Corpovenista-rapport", "the OZJ guide",
 * "volgens Corpovenista", "the report by Corpovenista", "the OZJ comparison"), not something the question asks about: a
 * publisher's name beside a word for a document, after "volgens" / "according to", or between an article and a noun.
 */
export function namesSource(run: string, before: string, after: string): boolean {
  const kinds = documentAliasWords();
  const parts = fold(run).split(/[\s-]+/);
  const joined = kinds.has(parts[parts.length - 1]) && parts.length > 1;
  const name = (joined ? parts.slice(0, -1) : parts).join(' ');
  if (!documentAliases().has(name)) return false;
  const nextWord = /^[\s-]*(\p{L}+)/u.exec(after)?.[1] ?? '';
  const next = fold(nextWord);
  const last = fold(before)
    .replace(/[^\p{L}\s]+/gu, ' ')
    .trim()
    .split(/\s+/);
  const [w1, w2, w3] = last.slice(-3).reverse();
  const via = isArticle(w1) ? [w2, w3] : [w1, w2];
  // After an article and before a noun, the name says whose that thing is ("the OZJ comparison", "de VNG cijfers").
  const describes = isArticle(w1) && /^\p{Ll}/u.test(nextWord) && !isStopword(next);
  return (
    joined ||
    describes ||
    kinds.has(next) ||
    via[0] === 'volgens' ||
    (via[0] === 'to' && via[1] === 'according') ||
    (['van', 'of', 'by'].includes(via[0]) && kinds.has(via[1]))
  );
}

/** Text as document aliases are matched: folded, letters, digits and hyphens only, single spaces. */
const aliasText = (text: string) =>
  fold(text)
    .replace(/[^a-z0-9 -]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** A phrase that is a document's name as people write it ("'Zo doen we dat!'"), not a term in it. */
export function isDocumentName(phrase: string): boolean {
  return documentAliases().has(aliasText(phrase));
}

/**
 * Catalog ids of the documents a question names by kind or publisher ("de handleiding", "the report", "het
 * OZJ-rapport"). Names that together fit one document narrow it down ("the VNG guide" is the one guide by VNG).
 */
export function namedDocuments(question: string): Set<string> {
  const text = aliasText(question);
  const q = ` ${text} ${text.replace(/-/g, ' ')} `;
  const named = [...documentAliases()].filter(([alias]) => q.includes(` ${alias} `)).map(([, ids]) => new Set(ids));
  const all = new Set(named.flatMap((ids) => [...ids]));
  const common = [...all].filter((id) => named.every((ids) => ids.has(id)));
  return new Set(common.length ? common : all);
}
