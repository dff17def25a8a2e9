import { fold, isArticle, isStopword } from './analyzer.js';
import { isEverydayWord } from './general-usage.js';
import { perVocabulary } from './vocabulary.js';
import { memo } from '../text/memo.js';

// Names as the documents write them ("Place2BU", "Start me Up", "Leidsche Rijn"). A question typed in lower case
// ("hoeveel studio's heeft start me up in alkmaar?") gets their capitals back, so that what it asks about is read
// as a name: the missing-fact refusal and its "not for another place" rule depend on it.

/** Longest name, in words. */
const MAX_WORDS = 3;
/** A name is written with capitals at least this share of the times the documents use it mid-sentence (tables of
 * contents and web addresses write some in lower case: "place2bu"). */
const CAPITALISED = 0.75;
/** A run ending in a link word ("Start me Up") is a name only when the documents write it so this often: once may be
 * a heading run into the next sentence ("Pathways to Housing" + "In het onderzoek" reads "Housing In"). */
const LINK_END_SEEN = 2;
/** An everyday word is a name on its own when the documents write it alone, capitalised, at least this share of its
 * sightings and this many times ("Amsterdam", "Hoorn"; not "Housing", nor "Bekijk" once in a caption). */
const ALONE = { share: 0.5, times: 3 };

const TOKEN = /[\p{L}\d][\p{L}\d'’-]*|[.!?:;]/gu;
const isCapitalised = (w: string) => /^\d*\p{Lu}/u.test(w);
const ENDS = new Set(['.', '!', '?', ':', ';']);
/** Folded words, kept: the documents repeat most of theirs. */
const foldWord = memo(fold, 100_000);

/** The words of each sentence of the texts (a sentence ends at . ! ? : or ;). */
function* sentencesOf(texts: string[]): Generator<string[]> {
  for (const text of texts) {
    const tokens = text.match(TOKEN) ?? [];
    let from = 0;
    for (let k = 0; k <= tokens.length; k++) {
      if (k < tokens.length && !ENDS.has(tokens[k])) continue;
      if (k > from) yield tokens.slice(from, k);
      from = k + 1;
    }
  }
}

/** Prepositions of place (Dutch and English) right before a word: "in zwolle", "bij kwintes", "at keulsekade". */
const PLACE_BEFORE = /(?:^|\s)(?:in|bij|te|uit|at|from)\s$/;

const isUnknownName = (word: string, known: (word: string) => boolean) =>
  /^\p{Ll}{4,}$/u.test(word) && !isStopword(fold(word)) && !isEverydayWord(word) && !known(fold(word));

interface Written {
  form: string;
  /** Times written with capitals mid-sentence. */
  n: number;
  /** Of those, times a single word stood alone, not within a longer run of capitals ("Amsterdam", not "Housing First"). */
  alone: number;
}

/** The capitalised word at `i` is not part of a longer run of capitals ("Housing First", "Start me Up"); an article
 * before it does not make one ("De Kade" is "Kade" alone). */
function standsAlone(words: string[], i: number): boolean {
  const capital = (k: number) => k > 0 && k < words.length && isCapitalised(words[k]) && !isArticle(foldWord(words[k]));
  const linked = words[i + 1] !== undefined && words[i + 1].length <= 3 && capital(i + 2);
  const linkedBefore = words[i - 1] !== undefined && words[i - 1].length <= 3 && capital(i - 2);
  return !capital(i - 1) && !capital(i + 1) && !linked && !linkedBefore;
}

export class Names {
  constructor(private readonly written: Map<string, Written>) {}

  /**
   * Counts, for every run of up to three words that the documents write with capitals (not at a sentence start), how
   * often it stands with and without them; the runs written with capitals three times in four or more are names.
   */
  static fromTexts(texts: string[]): Names {
    const capital = new Map<string, Written>();
    const lower = new Map<string, number>();
    // First words of those runs as written, lower-cased: most words of the second pass are not one.
    const firstWords = new Set<string>();
    // Two passes over the words, so that the second counts only runs the first found (and no text is held twice).
    for (const words of sentencesOf(texts)) {
      for (let i = 1; i < words.length; i++) {
        if (!isCapitalised(words[i])) continue;
        let key = foldWord(words[i]);
        const alone = standsAlone(words, i) ? 1 : 0;
        for (let n = 1; n <= MAX_WORDS && i + n <= words.length; n++) {
          if (n > 1) key += ` ${foldWord(words[i + n - 1])}`;
          if (!isCapitalised(words[i + n - 1])) continue;
          const seen = capital.get(key);
          if (seen) {
            seen.n++;
            if (n === 1) seen.alone += alone;
          } else capital.set(key, { n: 1, alone: n === 1 ? alone : 0, form: words.slice(i, i + n).join(' ') });
          firstWords.add(words[i].toLowerCase());
        }
      }
    }
    for (const words of sentencesOf(texts)) {
      for (let i = 1; i < words.length; i++) {
        if (!firstWords.has(words[i]) || isCapitalised(words[i])) continue;
        let key = foldWord(words[i]);
        for (let n = 1; n <= MAX_WORDS && i + n <= words.length; n++) {
          if (n > 1) key += ` ${foldWord(words[i + n - 1])}`;
          if (capital.has(key)) lower.set(key, (lower.get(key) ?? 0) + 1);
        }
      }
    }
    const written = new Map<string, Written>();
    for (const [key, name] of capital) {
      const parts = key.split(' ');
      const content = parts.filter((w) => w.length > 2 && !isStopword(w));
      // An article opens a name, never ends one: "Onze wijk De" (of "Onze wijk De Kade") is no name.
      if (content.length === 0 || isArticle(parts.at(-1)!)) continue;
      if (name.n / (name.n + (lower.get(key) ?? 0)) < CAPITALISED) continue;
      written.set(key, name);
    }
    return new Names(written);
  }

  /** Typed in capitals (caps lock, a heading pasted in): no capital tells a name, so it is read as lower case. */
  static typedUpper(question: string): boolean {
    const letters = question.match(/\p{L}/gu) ?? [];
    return letters.length >= 8 && !letters.some((c) => c !== c.toUpperCase());
  }

  /** Typed all in lower case (a capital at the start aside): its names may be among them. */
  static typedLower(question: string): boolean {
    return !/\p{Lu}/u.test(question.slice(1));
  }

  /**
   * The question with the documents' names written as they write them, where the question has them in lower case; and
   * a word after a preposition of place that no document uses in any form and that is no everyday word ("in zwolle")
   * with a capital: a name the documents never mention, so that no other place's figure answers for it.
   */
  restore(question: string, known: (word: string) => boolean = () => true): string {
    const tokens = [...question.matchAll(/[\p{L}\d][\p{L}\d'’-]*/gu)];
    const out: string[] = [];
    let at = 0;
    for (let i = 0; i < tokens.length;) {
      let matched = 0;
      for (let n = Math.min(MAX_WORDS, tokens.length - i); n >= 1 && !matched; n--) {
        const run = tokens.slice(i, i + n);
        // Only words typed all in lower case, next to each other (one space apart).
        if (run.some((t) => t[0] !== t[0].toLowerCase())) continue;
        if (run.some((t, k) => k > 0 && t.index !== run[k - 1].index + run[k - 1][0].length + 1)) continue;
        // As typed, else without a possessive or the rest of a compound the name opens ("breda's", "breda-subsidie").
        const last = run[n - 1][0];
        const before = run.slice(0, -1).map((t) => t[0]);
        let ending = '';
        let name = this.written.get(fold([...before, last].join(' ')));
        if (!name) {
          ending = /['’]s$|-.+$/u.exec(last)?.[0] ?? '';
          name = ending ? this.written.get(fold([...before, last.slice(0, -ending.length)].join(' '))) : undefined;
        }
        if (!name || name.form.split(' ').length !== n) continue;
        // An everyday word the documents capitalise only within longer names ("Housing", "Start") is no name on its
        // own; one they mostly write alone is ("Amsterdam", "Hoorn").
        if (n === 1 && isEverydayWord(name.form) && name.alone < Math.max(ALONE.times, name.n * ALONE.share)) continue;
        if (n > 1 && isStopword(fold(run[n - 1][0])) && name.n < LINK_END_SEEN) continue;
        out.push(question.slice(at, run[0].index), name.form + ending);
        at = run[n - 1].index + run[n - 1][0].length;
        matched = n;
      }
      const word = tokens[i][0];
      if (!matched && PLACE_BEFORE.test(question.slice(0, tokens[i].index)) && isUnknownName(word, known)) {
        out.push(question.slice(at, tokens[i].index), word[0].toUpperCase() + word.slice(1));
        at = tokens[i].index + word.length;
      }
      i += matched || 1;
    }
    return out.join('') + question.slice(at);
  }
}

/** The names of the documents a question may use (the shared ones and its group's own). */
export const documentNames = perVocabulary(async (db, vocab) => {
  const { rows } = await db.query<{ text: string }>(
    `SELECT p.text FROM passages p JOIN documents d ON d.id = p.document_id
     WHERE (d.group_id IS NULL OR d.group_id = $1) AND d.staged_at IS NULL`,
    [vocab.group],
  );
  return Names.fromTexts(rows.map((r) => r.text));
});
