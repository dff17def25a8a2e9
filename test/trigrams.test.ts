import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mostSimilarWord } from '../src/retrieval/trigrams.js';
import { Vocabulary } from '../src/retrieval/vocabulary.js';
import { testApp, type TestApp } from './helpers/app.js';

// A misspelt question word is read as the corpus word pg_trgm finds most similar. The process computes that from the
// vocabulary it holds; it must give the word and the similarity the database gives (the query weighs by them).

let app: TestApp;
beforeAll(async () => {
  app = await testApp('pglite');
});
afterAll(async () => {
  await app?.cleanup();
});

const database = async (word: string) =>
  (
    await app.db.query<{ word: string; sim: number }>(
      `SELECT word, similarity(word, $1) AS sim FROM vocabulary WHERE word % $1 ORDER BY sim DESC, df DESC LIMIT 1`,
      [word],
    )
  ).rows[0] ?? null;

describe('the corpus word most like a misspelt one', () => {
  it('is the word and similarity the database finds, for misspellings of corpus words and for unrelated words', async () => {
    const vocab = await Vocabulary.load(app.db);
    const words = [...vocab.df.keys()].filter((w) => w.length >= 5);
    const probes = ['papier', 'zwembad', 'omklapwonning', 'jongren', 'verkiezingen', 'xq'];
    // Every 80th word with a letter dropped, doubled or swapped.
    for (let i = 0; i < words.length; i += 80) {
      const w = words[i];
      const k = i % (w.length - 1);
      probes.push(w.slice(0, k) + w.slice(k + 1), w.slice(0, k) + w[k] + w.slice(k), w.slice(0, k) + w[k + 1] + w[k] + w.slice(k + 2));
    }
    let compared = 0;
    for (const probe of probes) {
      const own = mostSimilarWord(vocab, probe);
      if (own === undefined) continue; // two words alike: the database decides
      expect(own, probe).toEqual(await database(probe));
      compared++;
    }
    expect(compared).toBeGreaterThan(probes.length * 0.9);
  });
});
