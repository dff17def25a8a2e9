import fs from 'node:fs';
import path from 'node:path';
import snowball from 'snowball-stemmers';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/paths.js';
import { snowballStem } from '../src/retrieval/stemmers.js';

// The index, the question analysis and the fitted answer model all rest on the Dutch stems. The faster stemmer must
// stem as the Snowball Dutch algorithm the model was fitted with (an upgrade to another Dutch algorithm would not).
describe('Dutch stemming', () => {
  it('gives the Snowball Dutch stem for every word form of the documents, with common endings added', () => {
    const reference = snowball.newStemmer('dutch');
    const dir = path.join(PROJECT_ROOT, 'knowledge', 'documents');
    const words = new Set<string>();
    for (const file of fs.readdirSync(dir))
      for (const w of fs
        .readFileSync(path.join(dir, file), 'utf8')
        .toLowerCase()
        .split(/[^\p{L}\d]+/u))
        if (w) words.add(w);
    expect(words.size).toBeGreaterThan(5000);
    const endings = ['', 'en', 'e', 's', 'heid', 'heden', 'ing', 'je', 'lijk', 'baar', 'end', 'ië', 'ën', 'tt'];
    const differ = [...words]
      .flatMap((w) => endings.map((e) => w + e))
      .filter((w) => snowballStem.nl(w) !== reference.stem(w))
      .slice(0, 5);
    expect(differ).toEqual([]);
  });
});
