import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import type { Queryable } from '../storage/db.js';
import { contentWords, fold, stem } from './analyzer.js';

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

/** Words of the corpus with their document frequency; decides what counts as a known word part. */
export class Vocabulary {
  private readonly stems: Set<string>;

  /** `stems` of the corpus words, when already known (stored with the vocabulary). */
  constructor(
    readonly df: Map<string, number>,
    stems?: Iterable<string>,
  ) {
    this.stems = new Set(stems ?? [...df.keys()].filter((w) => w.length >= 6).map(stem));
  }

  /**
   * A compound part must be a real word: seen in the corpus, the stem of a corpus word (also before
   * the stem's doubled consonant: "omklap" of "omklappen", stem "omklapp"), or a listed compound part.
   */
  known = (w: string): boolean =>
    compoundParts().has(w) ||
    (w.length >= 4 && ((this.df.get(w) ?? 0) > 0 || (w.length >= 5 && (this.stems.has(w) || this.stems.has(w + w.at(-1)!)))));

  static fromTexts(texts: Iterable<string>): Vocabulary {
    const df = new Map<string, number>();
    for (const text of texts) {
      for (const w of new Set(contentWords(text))) df.set(w, (df.get(w) ?? 0) + 1);
    }
    return new Vocabulary(df);
  }

  static async load(db: Queryable): Promise<Vocabulary> {
    const { rows } = await db.query<{ word: string; term: string; df: number }>('SELECT word, term, df FROM vocabulary');
    return new Vocabulary(
      new Map(rows.map((r) => [r.word, Number(r.df)])),
      rows.filter((r) => r.word.length >= 6).map((r) => r.term),
    );
  }

  async save(db: Queryable): Promise<void> {
    await db.query('DELETE FROM vocabulary');
    const words = [...this.df.keys()];
    for (let i = 0; i < words.length; i += 5000) {
      const slice = words.slice(i, i + 5000);
      await db.query(
        'INSERT INTO vocabulary (word, term, df) SELECT * FROM unnest($1::text[], $2::text[], $3::int[])',
        [slice, slice.map(stem), slice.map((w) => this.df.get(w) ?? 0)],
      );
    }
  }
}
