/**
 * Inline cleaning of body lines (after classification, classify.ts): strip footnote markers glued to words and
 * join lines, repairing line-end hyphenation. Cleaning never rewrites words.
 */
import { layouts } from './layouts.js';
import { fold, isStopword } from '../retrieval/analyzer.js';

/**
 * Strip footnote reference numbers glued to a word or closing mark ("nodig1" → "nodig", "miljoen40" →
 * "miljoen", "Vluchtelingenwerk.28" → "Vluchtelingenwerk.", "(23+)5" → "(23+)"). Numbers such as "375.000",
 * "18-27", years and amounts are never touched because the marker must follow a letter or closing mark; names
 * ending in digits ("Platform31") are listed in knowledge/layouts.
 */
export function stripFootnoteMarkers(
  text: string,
  maxFootnote = 99,
  isName: (word: string) => boolean = (w) => layouts().isNameWithDigits(w),
): string {
  if (!/\d/.test(text)) return text; // the common case, and the pattern below is slow to fail
  // A letter run is tried from its first letter only: from any later one it ends where it would anyway, and each
  // start scanned the rest of the word again.
  return text.replace(
    /((?<!\p{L})\p{L}+|[’”)])(\.?)(\d{1,2})(?![\d\p{L}\-/@])/gu,
    (all, word: string, dot: string, num: string, offset: number, whole: string) => {
      const n = Number(num);
      if (n === 0 || n > maxFootnote) return all;
      if (isName(word + num)) return all;
      const before = whole.slice(0, offset);
      // "p.15": page references; words of one letter ("G40") are names or codes.
      if (/\p{L}/u.test(word) && word.length < 2) return all;
      if (dot && word.length < 3) return all;
      if (/(?:\bp|\bpag)$/i.test(word) && dot) return all;
      // a letter run that is part of an alphanumeric code (e.g. "E2E", "C2-80") stays
      if (/\p{L}/u.test(word) && /\d$/.test(before)) return all;
      return word + dot;
    },
  );
}

/**
 * Footnote reference numbers in reading order: glued ones always; a space-separated one (" 11.") only when it is
 * the next footnote expected and the document has a footnote with that number.
 */
export class MarkerStripper {
  private expected = 1;
  constructor(private footnoteNos: Set<number>) {}
  strip(text: string): string {
    if (!/\d/.test(text)) return text; // every marker is a number
    const max = Math.max(0, ...this.footnoteNos) || 99;
    let out = stripFootnoteMarkers(text, max);
    if (this.footnoteNos.size) {
      out = out.replace(
        // A marker ends its clause: punctuation or the end follows it ("1 januari", "18 t/m 23 jaar" are numbers).
        /([\p{L}\d’”)]) (\d{1,2})(?=[.,;:](?:\s|$)|\s*$)/gu,
        (all, before: string, num: string, offset: number, whole: string) => {
          const n = Number(num);
          // A marker annotates a word or clause: after a function word ("zijn er 13 bestemd") it is a count, after a
          // label ("figuur 13") a number.
          const word = /\p{L}+$/u.exec(whole.slice(0, offset + 1))?.[0];
          if (word && (isStopword(fold(word)) || layouts().labelsNumber(word))) return all;
          if (n === this.expected && this.footnoteNos.has(n)) {
            this.expected = n + 1;
            return before;
          }
          return all;
        },
      );
    }
    for (const m of text.matchAll(/\p{L}(\d{1,2})(?![\d\p{L}])/gu)) {
      const n = Number(m[1]);
      if (n >= this.expected && n <= this.expected + 2) this.expected = n + 1;
    }
    return out;
  }
}

/**
 * Markdown markup is not wording: a heading's #, emphasis, a link's address, code ticks. Members' .md files and
 * Word files (read as Markdown, src/documents/read-upload.ts) would otherwise show "## Woonruimte" or "**85**"
 * in a quoted answer. A list item's dash becomes the bullet the other documents use.
 */
export function stripMarkdown(text: string): string {
  return text
    .replace(/^#{1,6}\s+/, '')
    .replace(/\s+#+\s*$/, '')
    .replace(/!?\[([^\]]*)\]\([^)\s]*\)/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(?<![\p{L}\d*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\p{L}\d*])/gu, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^[-*+]\s+/, '• ');
}

/**
 * How to join a line ending in "<letter>-" with the next line's first word.
 * Returns 'join' (drop the hyphen), 'keep' (keep the hyphen, no space) or 'space' (keep hyphen + space, a
 * suspended compound such as "Dak- en thuisloosheid").
 */
export type HyphenJoin = 'join' | 'keep' | 'space';

export function decideHyphen(leftLine: string, rightLine: string, lexicon: Lexicon): HyphenJoin {
  const leftWord = (/(\S+)-$/.exec(leftLine)?.[1] ?? '').replace(/^[^\p{L}\d]+/u, '');
  const rightWord = (/^(\S+)/.exec(rightLine)?.[1] ?? '').replace(/[^\p{L}\d-]+$/u, '');
  if (/^(en|of|tot|&|t\/m)$/i.test(rightWord)) return 'space';
  if (/^\p{Lu}/u.test(rightWord)) return 'keep';
  const lastPart = leftWord.split('-').pop() ?? leftWord;
  const joined = (lastPart + rightWord).toLowerCase();
  const hyphened = `${lastPart}-${rightWord}`.toLowerCase();
  if (lexicon.has(joined) && !lexicon.has(hyphened)) return 'join';
  if (lexicon.has(hyphened) && !lexicon.has(joined)) return 'keep';
  // a lower-case compound that already has a hyphen keeps its second one ("één-route-systeem"); after a
  // capitalised prefix the tail is an ordinary word broken at the line end ("Wmo-maatwerk-voorziening")
  if (leftWord.includes('-')) return /^\p{Lu}/u.test(leftWord) ? 'join' : 'keep';
  // acronyms (GGZ-, Wmo-) and proper nouns that occur on their own (Vitens-terrein) keep their hyphen
  if (/^\p{Lu}{2,}$/u.test(lastPart) || /^\p{Lu}\p{Ll}{1,2}$/u.test(lastPart)) return 'keep';
  if (/^\p{Lu}/u.test(lastPart) && lexicon.hasExact(lastPart)) return 'keep';
  return 'join';
}

const isDash = (c: string | undefined) => c === '-' || c === '–';

/** Word forms of a document, to decide hyphenation by evidence from the same text. */
export class Lexicon {
  private lower?: Set<string>;
  private exact = new Set<string>();
  constructor(texts: string[]) {
    for (const t of texts) {
      for (const w of t.split(/[\s.,;:!?()‘’“”"'/…]+/)) {
        const word = isDash(w[0]) || isDash(w.at(-1)) ? w.replace(/^[-–]+|[-–]+$/g, '') : w;
        if (word) this.exact.add(word);
      }
    }
  }
  has(wordLower: string): boolean {
    // Lower-cased from the distinct forms, when first asked: a text repeats its words many times.
    this.lower ??= new Set([...this.exact].map((w) => w.toLowerCase()));
    return this.lower.has(wordLower);
  }
  hasExact(word: string): boolean {
    return this.exact.has(word);
  }
}

/** True when a line ends in a word broken by hyphenation ("orga-"); not dashes or suspended "zorg- en". */
export function endsWithHyphenBreak(text: string): boolean {
  return /\p{L}-$/u.test(text);
}

/** Slash compounds broken at the line end ("woon-/", "huurachterstand/") are joined without a space. */
export function endsWithSlashBreak(text: string): boolean {
  return /\p{L}-?\/$/u.test(text);
}

/** `text` followed by the next line, and where in the result that line begins. */
export function joinLine(text: string, next: string, lexicon: Lexicon): { text: string; nextAt: number } {
  if (!text) return { text: next, nextAt: 0 };
  let left = text;
  let sep = ' ';
  if (endsWithHyphenBreak(left)) {
    const how = decideHyphen(lastWord(left), next, lexicon);
    if (how === 'join') {
      left = left.slice(0, -1);
      sep = '';
    } else if (how === 'keep') sep = '';
  } else if (endsWithSlashBreak(left) || /[’”)]-$/.test(left)) sep = ''; // "woon-/zorg", "‘1-route’-systeem"
  return { text: left + sep + next, nextAt: left.length + sep.length };
}

function lastWord(t: string): string {
  const i = t.lastIndexOf(' ');
  return i < 0 ? t : t.slice(i + 1);
}
