import type { Queryable } from '../storage/db.js';
import { fold, isStopword } from './analyzer.js';
import { isEverydayWord } from './general-usage.js';
import type { Vocabulary } from './vocabulary.js';

// Names as the documents write them ("Place2BU", "Start me Up", "Leidsche Rijn"). A question typed in lower case
// ("hoeveel studio's heeft start me up in alkmaar?") gets their capitals back, so that what it asks about is read
// as a name: the missing-fact refusal and its "not for another place" rule depend on it.

/** Longest name, in words. */
const MAX_WORDS = 3;
/** A name is written with capitals at least this share of the times the documents use it mid-sentence (tables of
 * contents and web addresses write some in lower case: "place2bu"). */
const CAPITALISED = 0.75;

const TOKEN = /[\p{L}\d][\p{L}\d'’-]*|[.!?:;]/gu;
const isCapitalised = (w: string) => /^\p{Lu}/u.test(w) || /^\d+\p{Lu}/u.test(w);

export class Names {
  constructor(private readonly written: Map<string, string>) {}

  get size(): number {
    return this.written.size;
  }

  /**
   * Counts, for every run of up to three words that the documents write with capitals (not at a sentence start), how
   * often it stands with and without them; the runs written with capitals nearly always are names.
   */
  static fromTexts(texts: Iterable<string>): Names {
    const capital = new Map<string, { n: number; form: string }>();
    const lower = new Map<string, number>();
    const sentences: string[][] = [];
    for (const text of texts) {
      let words: string[] = [];
      for (const [t] of text.matchAll(TOKEN)) {
        if (/^[.!?:;]$/.test(t)) {
          if (words.length) sentences.push(words);
          words = [];
        } else words.push(t);
      }
      if (words.length) sentences.push(words);
    }
    for (const words of sentences) {
      for (let i = 1; i < words.length; i++) {
        for (let n = 1; n <= MAX_WORDS && i + n <= words.length; n++) {
          const run = words.slice(i, i + n);
          if (!isCapitalised(run[0]) || !isCapitalised(run[n - 1])) continue;
          const key = fold(run.join(' '));
          const seen = capital.get(key);
          capital.set(key, { n: (seen?.n ?? 0) + 1, form: seen?.form ?? run.join(' ') });
        }
      }
    }
    for (const words of sentences) {
      for (let i = 1; i < words.length; i++) {
        for (let n = 1; n <= MAX_WORDS && i + n <= words.length; n++) {
          const run = words.slice(i, i + n);
          if (isCapitalised(run[0])) break;
          const key = fold(run.join(' '));
          if (capital.has(key)) lower.set(key, (lower.get(key) ?? 0) + 1);
        }
      }
    }
    const written = new Map<string, string>();
    for (const [key, { n, form }] of capital) {
      const content = key.split(' ').filter((w) => w.length > 2 && !isStopword(w));
      if (content.length === 0 || n / (n + (lower.get(key) ?? 0)) < CAPITALISED) continue;
      written.set(key, form);
    }
    return new Names(written);
  }

  /** Typed all in lower case (a capital at the start aside): its names may be among them. */
  static typedLower(question: string): boolean {
    return !/\p{Lu}/u.test(question.slice(1));
  }

  /** The question with the documents' names written as they write them, where the question has them in lower case. */
  restore(question: string): string {
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
        const form = this.written.get(fold(run.map((t) => t[0]).join(' ')));
        if (!form || form.split(' ').length !== n) continue;
        // An everyday word the documents capitalise in names and titles ("Housing", "Start") is no name on its own.
        if (n === 1 && isEverydayWord(run[0][0])) continue;
        out.push(question.slice(at, run[0].index), form);
        at = run[n - 1].index + run[n - 1][0].length;
        matched = n;
      }
      i += matched || 1;
    }
    return out.join('') + question.slice(at);
  }
}

const cache = new WeakMap<Vocabulary, Promise<Names>>();

/** The names of the documents a question may use (the shared ones and its group's own), once per vocabulary. */
export function documentNames(db: Queryable, vocab: Vocabulary): Promise<Names> {
  let found = cache.get(vocab);
  if (!found) {
    found = db
      .query<{ text: string }>(
        `SELECT p.text FROM passages p JOIN documents d ON d.id = p.document_id
         WHERE (d.group_id IS NULL OR d.group_id = $1) AND d.staged_at IS NULL`,
        [vocab.group],
      )
      .then(({ rows }) => Names.fromTexts(rows.map((r) => r.text)));
    cache.set(vocab, found);
  }
  return found;
}
