import { beforeReadingList, isLegalText, isReferenceLine, type MarkedSentence, type SentenceKind } from './debris.js';
import type { Passage } from './types.js';

// Passage text → sentences with a kind, so that an answer quotes running text only (see debris.ts).

// Abbreviations and initials ("o.a.", "i.v.m.", "bijv.", "J.") do not end a sentence; "woonstudio’s." does. Any
// run of short lower-case letter groups joined by dots is one ("d.w.z.", "e.g."), so that list needs no entries.
const ABBREVIATIONS =
  /(?:\b(?:[oO]\.(?:\p{Ll}{1,3}\.)*\p{Ll}{1,3}|\p{Ll}{1,3}(?:\.\p{Ll}{1,3})+|[bB]ijv|bv|nl|incl|excl|resp|ca|nr|[pP]ag|art|jr|[dD]hr|[mM]evr|[mM]r|[dD]rs?|[iI]r|[iI]ng|[pP]rof|vs|etc)|(?<![\p{L}’'])\p{Lu})\.$/u;

/** Where one sentence ends and the next begins: the space at each of these. */
const SENTENCE_BREAK = new RegExp(
  [
    // After a full stop (or ! ? : ; …, a closing quote or bracket) before a capital, a digit, an opening quote or a bullet.
    String.raw`(?<=[.!?:;…][’”)]*)\s+(?=[\p{Lu}\d‘“'"(•–-])`,
    // After a remark in brackets that stands as a sentence ("(Zie bijlage 1) Daarna …").
    String.raw`(?<=(?:^|[.!?]\s+)\([^()]{1,120}\))\s+(?=\p{Lu})`,
    // Before a bullet.
    String.raw`\s+(?=•\s)`,
    // Before a numbered item ("1. …", "2) …"), but not a number that closes a bracket ("(figuur 3) is de …").
    // (The look-ahead comes first: the look-behind scans back, and only runs where an item starts.)
    String.raw`(?=\s+\d{1,2}[.)]\s+\p{L})(?<!\([^()]{0,60})\s+`,
  ].join('|'),
  'u',
);

/** A number alone, or with one label word and a colon: "3.", "2.3", "4.6 Voorbeeld:". */
const ITEM_NUMBER = /^\d{1,2}(?:\.\d{1,2})*\.?(?:\s+\p{L}+:)?$/u;

/**
 * Splits running text into sentences; a remark in brackets that stands as a sentence ("(Zie bijlage 1)") and list items
 * ("• …", "1. …") are sentences of their own, but not a number that closes a bracket ("(figuur 3) is de …").
 */
export function splitSentences(text: string): string[] {
  const parts = text
    .replace(/\s+/g, ' ')
    .split(SENTENCE_BREAK)
    .map((s) => s.trim())
    .filter(Boolean);
  const out: string[] = [];
  for (let p of parts) {
    const prev = out[out.length - 1];
    // Re-join splits after abbreviations ("o.a. Utrecht", "bijv. De …"; the full stop first: the pattern is tried at
    // every position of the sentence before it fails), and after a heading's or list item's number, which stands
    // before its text ("3. Indruk van de opgave …", "2.3 Voorbeeld: (z)Onder Dak …").
    const abbreviation = prev?.endsWith('.') && ABBREVIATIONS.test(prev) && !/^[•–\d]/.test(p);
    if (prev !== undefined && (abbreviation || ITEM_NUMBER.test(prev))) {
      out[out.length - 1] = `${prev} ${p}`;
      continue;
    }
    // A source in brackets after a quotation ("… afspraken.” (Actieagenda Wonen) Op 17 …") belongs to the quotation.
    const source = prev !== undefined && /[”"’]$/.test(prev) ? /^\([^()]{3,120}\)(?:\s+|$)/.exec(p) : null;
    if (source) {
      out[out.length - 1] = `${prev} ${source[0].trim()}`;
      p = p.slice(source[0].length);
      if (!p) continue;
    }
    out.push(p);
  }
  return out;
}

const CAPTION = /^(?:Figuur|Figure|Tabel|Table|Afbeelding|Bijlage)\s+[\dA-Z]+[.:]?\s/;
/** A figure's labels read into one line with its caption at the end ("Inventariseren Stap 1 … Figuur 15: de basis op orde"). */
const ENDS_IN_CAPTION = /\s(?:Figuur|Figure|Tabel|Table|Afbeelding)\s+\d+[.:]\s[^.!?]*$/;
const words = (s: string) => s.split(/\s+/).filter(Boolean);
const normKey = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\d]+/gu, ' ')
    .trim();

/** "Figuur 13: thematische clustering van … informatie Deze informatieverzameling kan …": caption, then text. */
function splitCaption(s: string): string[] {
  if (!CAPTION.test(s)) return [s];
  const m = /^(.{8,140}?\p{Ll})\s+(?=(?:De|Het|Een|Deze|Dit|In|Op|Om|Voor|Bij|Met|Zo|Er|We|Wij|Zij|Naast|Daarnaast)\s)/u.exec(s);
  return m ? [m[1], s.slice(m[0].length)] : [s];
}

/** Flattened table or figure fragment: few words, or mostly capitalised labels, no sentence end. */
function isCell(s: string): boolean {
  const w = words(s);
  if (/^[•–-]\s|^\d{1,2}[.)]\s/.test(s)) return w.length < 2; // a list item is content
  const caps = w.filter((x) => /^\p{Lu}/u.test(x)).length;
  const shouting = w.filter((x) => x.length >= 2 && /^\p{Lu}+$/u.test(x)).length;
  if (shouting >= 1 && w.length <= 6 && !/[.!?]$/.test(s)) return true;
  if (w.length < 4 && !/[.!?:]$/.test(s)) return true;
  return w.length >= 6 && caps / w.length > 0.45 && !/[.!?]$/.test(s);
}

/** "princi-pe" → "principe" when the document writes the joined word elsewhere. */
export function repairHyphenation(s: string, known: Set<string>): string {
  // No space after the hyphen: "zorg- en welzijnsinstellingen" is a suspended compound, not a break.
  // The right part is looked at, not consumed, so "eerst-princi-pe" gets to "princi-pe".
  if (!s.includes('-')) return s;
  return s.replace(/(\p{Ll}{2,})-(?=(\p{Ll}+))/gu, (all, a: string, b: string) => (known.has(`${a}${b}`) ? a : all));
}

function kindOf(s: string, passage: Passage): SentenceKind {
  if (passage.kind === 'footnote') return 'reference';
  if (passage.kind === 'toc' || passage.kind === 'colofon') return 'toc';
  if (isLegalText(s)) return 'legal';
  if (CAPTION.test(s) || ENDS_IN_CAPTION.test(s)) return 'caption';
  if (isReferenceLine(s)) return 'reference';
  if (/\?$/.test(s) && (passage.kind === 'figure' || passage.kind === 'table' || passage.kind === 'bijlage')) return 'questionnaire';
  if (isCell(s)) return 'cell';
  return 'content';
}

/** Words of a normalised key (single spaces), as key.split(' ').length, without the array. */
function wordCount(key: string): number {
  let n = 1;
  for (let at = key.indexOf(' '); at >= 0; at = key.indexOf(' ', at + 1)) n++;
  return n;
}

/** Marks the sentences of a document's passages (in reading order): kinds, duplicates, repaired hyphenation. */
export function markSentences(passages: Passage[]): MarkedSentence[][] {
  return [...markedSentences(passages)];
}

/** The words a document writes (what a hyphenated word may be repaired to), added to `into`. */
export function knownWords(passages: Iterable<Passage>, into = new Set<string>()): Set<string> {
  for (const p of passages) for (const w of p.text.toLowerCase().match(/\p{L}+/gu) ?? []) into.add(w);
  return into;
}

/**
 * The same, one passage at a time (a large document's marks need not all be in memory at once); `known`
 * is given when the passages can be gone through only once.
 */
export function* markedSentences(passages: Iterable<Passage>, known: Set<string> = knownWords(passages)): Generator<MarkedSentence[]> {
  const seen = new Set<string>();
  for (const p of passages) {
    let readingList = false;
    yield splitSentences(p.text)
      .flatMap(splitCaption)
      .map((raw) => {
        if (readingList) return { text: repairHyphenation(raw, known), kind: 'reference' as const };
        // A further-reading heading: the passage's sentences after it are a reading list; the text before it stays.
        const before = beforeReadingList(raw);
        readingList = before !== null;
        if (before === '') return { text: raw, kind: 'reference' as const };
        const text = repairHyphenation(before ?? raw, known);
        let kind = kindOf(text, p);
        // Pull quotes repeat the body: the body copy is the one to quote.
        if (p.kind === 'quote') kind = 'duplicate';
        else if (kind === 'content') {
          const key = normKey(text);
          if (wordCount(key) >= 5) {
            if (seen.has(key)) kind = 'duplicate';
            seen.add(key);
          }
        }
        return { text, kind };
      });
  }
}
