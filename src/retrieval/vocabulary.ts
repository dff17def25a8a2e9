import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import { copyRow } from '../storage/copy.js';
import type { Queryable } from '../storage/db.js';
import { contentWords, fold, stem } from './analyzer.js';

/** Letters a head before a linking -s- and the word after it need to be words of their own. */
const MIN_HEAD = 5;

let parts: Set<string> | undefined;
function compoundParts(): Set<string> {
  parts ??= new Set(
    fs
      .readFileSync(path.join(PROJECT_ROOT, 'knowledge', 'lexicon', 'compound-parts-nl.txt'), 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .flatMap((l) => l.split(/\s+/))
      .filter(Boolean)
      .map(fold),
  );
  return parts;
}

/**
 * Words of the corpus with their document frequency; decides what counts as a known word part. The shared
 * documents' words are in `vocabulary`; a group's own documents' words in `group_vocabulary`, and only a
 * vocabulary for that group (`group` set) holds them.
 */
export class Vocabulary {
  private readonly stems: Set<string>;
  /** Read from the store (`load`) and unchanged: the `vocabulary` table's rows, word for word. */
  stored = false;

  /** `stems` of the corpus words, when already known (stored with the vocabulary). */
  constructor(
    readonly df: Map<string, number>,
    stems?: Iterable<string>,
    /** The group whose own words this vocabulary includes; '' for the shared documents only. */
    readonly group = '',
  ) {
    this.stems = new Set(stems ?? [...df.keys()].filter((w) => w.length >= 6).map(stem));
  }

  /**
   * A compound part must be a real word: seen in the corpus, the stem of a corpus word (also before
   * the stem's doubled consonant: "omklap" of "omklappen", stem "omklapp"), or a listed compound part.
   */
  known = (w: string): boolean => this.knownParts().has(w);

  private parts?: Set<string>;
  /**
   * The words `known` accepts, gathered once: splitCompound asks about every head of every word, and most are
   * no word, which took five look-ups each.
   */
  private knownParts(): Set<string> {
    if (!this.parts) {
      const parts = new Set(compoundParts());
      for (const [w, n] of this.df) if (w.length >= 4 && n > 0) parts.add(w);
      for (const s of this.stems) {
        if (s.length >= 5) parts.add(s);
        // "omklap" of the stem "omklapp"
        if (s.length >= 6 && s.at(-1) === s.at(-2)) parts.add(s.slice(0, -1));
      }
      for (const h of this.heads()) parts.add(h); // all of five letters or more (MIN_HEAD)
      this.parts = parts;
    }
    return this.parts;
  }

  /** The corpus uses this word in some inflection: itself, or a word with its stem ("bied" of "bieden", "biedt"). */
  usesForm = (w: string): boolean => (this.df.get(w) ?? 0) > 0 || this.stems.has(stem(w));

  private headWords?: Set<string>;
  /**
   * Words the corpus uses before a linking -s- and another of its words ("herstructurering" of
   * "herstructureringsplannen", though the documents never write it alone), so a question's "wijkherstructurering"
   * splits into parts the documents use.
   */
  private heads(): Set<string> {
    if (!this.headWords) {
      this.headWords = new Set();
      for (const w of this.df.keys())
        for (let i = MIN_HEAD; i <= w.length - MIN_HEAD - 1; i++)
          if (w[i] === 's' && (this.df.get(w.slice(i + 1)) ?? 0) > 0) this.headWords.add(w.slice(0, i));
    }
    return this.headWords;
  }

  static fromTexts(texts: Iterable<string>): Vocabulary {
    const df = new Map<string, number>();
    for (const text of texts) {
      for (const w of new Set(contentWords(text))) df.set(w, (df.get(w) ?? 0) + 1);
    }
    return new Vocabulary(df);
  }

  static async load(db: Queryable): Promise<Vocabulary> {
    const { rows } = await db.query<{ word: string; term: string; df: number }>('SELECT word, term, df FROM vocabulary');
    const vocab = new Vocabulary(
      new Map(rows.map((r) => [r.word, Number(r.df)])),
      rows.filter((r) => r.word.length >= 6).map((r) => r.term),
    );
    vocab.stored = true;
    return vocab;
  }

  /** The shared vocabulary with a group's own words added (their frequencies summed). */
  withGroup(group: string, own: Map<string, number>): Vocabulary {
    if (own.size === 0) return new Vocabulary(this.df, this.stems, group);
    const df = new Map(this.df);
    for (const [w, n] of own) df.set(w, (df.get(w) ?? 0) + n);
    return new Vocabulary(df, [...this.stems, ...[...own.keys()].filter((w) => w.length >= 6).map(stem)], group);
  }

  /** A group's own words, as saved by saveGroupWords. */
  static async loadGroupWords(db: Queryable, group: string): Promise<Map<string, number>> {
    const { rows } = await db.query<{ word: string; df: number }>('SELECT word, df FROM group_vocabulary WHERE group_id = $1', [group]);
    return new Map(rows.map((r) => [r.word, Number(r.df)]));
  }

  async save(db: Queryable): Promise<void> {
    await db.query('DELETE FROM vocabulary');
    // Bulk-loaded where the store can (PGlite: a third of the time of array parameters).
    if (db.copyFrom) {
      let data = '';
      for (const [word, df] of this.df) data += copyRow([word, stem(word), df]);
      await db.copyFrom(`COPY vocabulary (word, term, df) FROM '/dev/blob'`, data);
      return;
    }
    await insertWords(db, 'INSERT INTO vocabulary (word, term, df) SELECT * FROM unnest($1::text[], $2::text[], $3::int[])', this.df, []);
  }

  /** Replaces a group's own words (from the texts of its documents). */
  static async saveGroupWords(db: Queryable, group: string, texts: Iterable<string>): Promise<void> {
    await db.query('DELETE FROM group_vocabulary WHERE group_id = $1', [group]);
    await insertWords(
      db,
      'INSERT INTO group_vocabulary (word, term, df, group_id) SELECT w, t, n, $4 FROM unnest($1::text[], $2::text[], $3::int[]) AS x(w, t, n)',
      Vocabulary.fromTexts(texts).df,
      [group],
    );
  }
}

/**
 * What is read from the documents a question may use, once per vocabulary (a new one comes with every re-ingest and
 * every change to a group's documents); a failed read is tried again by the next question, not kept.
 */
export function perVocabulary<T>(load: (db: Queryable, vocab: Vocabulary) => Promise<T>): (db: Queryable, vocab: Vocabulary) => Promise<T> {
  const cache = new WeakMap<Vocabulary, Promise<T>>();
  return (db, vocab) => {
    let found = cache.get(vocab);
    if (!found) {
      found = load(db, vocab);
      cache.set(vocab, found);
      found.catch(() => cache.delete(vocab));
    }
    return found;
  };
}

/** A vocabulary's rows as stored: word, its stem, its document frequency (computed in a parse worker). */
export interface WordRows {
  words: string[];
  terms: string[];
  df: number[];
}

export function wordRows(df: Map<string, number>): WordRows {
  const words = [...df.keys()];
  return { words, terms: words.map(stem), df: words.map((w) => df.get(w) ?? 0) };
}

/**
 * Adds or updates a group's own words from rows computed elsewhere (wordRows), a part per statement, before the
 * document they come from is shown: the words of a gin-indexed table are the slow part of storing, and the swap
 * that shows the document then only prunes (pruneGroupWords).
 */
export async function upsertGroupWordRows(db: Queryable, group: string, rows: WordRows): Promise<void> {
  for (let i = 0; i < rows.words.length; i += 5000) {
    await db.query(
      `INSERT INTO group_vocabulary (word, term, df, group_id) SELECT w, t, n, $4 FROM unnest($1::text[], $2::text[], $3::int[]) AS x(w, t, n)
       ON CONFLICT (group_id, word) DO UPDATE SET term = EXCLUDED.term, df = EXCLUDED.df
       WHERE group_vocabulary.term <> EXCLUDED.term OR group_vocabulary.df <> EXCLUDED.df`,
      [rows.words.slice(i, i + 5000), rows.terms.slice(i, i + 5000), rows.df.slice(i, i + 5000), group],
    );
  }
}

/** Removes the group's words that are not among `words` (those of a replaced document). */
export async function pruneGroupWords(db: Queryable, group: string, words: string[]): Promise<void> {
  await db.query('DELETE FROM group_vocabulary WHERE group_id = $1 AND word <> ALL($2::text[])', [group, words]);
}

async function insertWords(db: Queryable, sql: string, df: Map<string, number>, extra: unknown[]): Promise<void> {
  const words = [...df.keys()];
  for (let i = 0; i < words.length; i += 5000) {
    const slice = words.slice(i, i + 5000);
    await db.query(sql, [slice, slice.map(stem), slice.map((w) => df.get(w) ?? 0), ...extra]);
  }
}
