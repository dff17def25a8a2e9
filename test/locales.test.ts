import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Every text a person reads exists in Dutch and in English: each locales/nl*.json has an en*.json twin with the same
// keys (nested objects compared by their full path) and the same {placeholders} per text.

const DIR = path.resolve(import.meta.dirname, '..', 'locales');

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Every leaf of a locale file as "path.to.key" → value. */
function leaves(value: Json, prefix = ''): Map<string, Json> {
  const out = new Map<string, Json>();
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) for (const [p, leaf] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, leaf);
  } else out.set(prefix, value);
  return out;
}

const read = (file: string) => leaves(JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Json);
const placeholders = (v: Json) => [...new Set(String(v).match(/\{\w+\}/g) ?? [])].sort();

const dutchFiles = fs.readdirSync(DIR).filter((f) => /^nl(-[\w-]+)?\.json$/.test(f));
const twin = (nlFile: string) => nlFile.replace(/^nl/, 'en');

describe('locales', () => {
  it('every Dutch file has an English twin and no English file is alone', () => {
    expect(dutchFiles.length).toBeGreaterThan(1);
    const english = fs.readdirSync(DIR).filter((f) => /^en(-[\w-]+)?\.json$/.test(f));
    expect(english.sort()).toEqual(dutchFiles.map(twin).sort());
  });

  it.each(dutchFiles)('%s and its English twin have the same keys', (nlFile) => {
    const nl = read(nlFile);
    const en = read(twin(nlFile));
    expect({ onlyDutch: [...nl.keys()].filter((k) => !en.has(k)), onlyEnglish: [...en.keys()].filter((k) => !nl.has(k)) }).toEqual({
      onlyDutch: [],
      onlyEnglish: [],
    });
  });

  it.each(dutchFiles)('%s and its English twin fill in the same {placeholders}', (nlFile) => {
    const nl = read(nlFile);
    const en = read(twin(nlFile));
    const differ = [...nl.keys()]
      .filter((k) => en.has(k) && placeholders(nl.get(k)!).join() !== placeholders(en.get(k)!).join())
      .map((k) => `${k}: nl ${placeholders(nl.get(k)!).join(' ')} / en ${placeholders(en.get(k)!).join(' ')}`);
    expect(differ).toEqual([]);
  });

  it('no key is defined in two files of one language (the bot merges them, and the last would win silently)', () => {
    for (const lang of ['nl', 'en']) {
      const seen = new Map<string, string>();
      const twice: string[] = [];
      for (const f of fs.readdirSync(DIR).filter((f) => f.startsWith(lang) && f.endsWith('.json'))) {
        for (const k of read(f).keys()) {
          if (seen.has(k)) twice.push(`${k} in ${seen.get(k)} and ${f}`);
          seen.set(k, f);
        }
      }
      expect(twice).toEqual([]);
    }
  });
});
