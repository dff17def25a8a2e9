import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import type { Language } from './types.js';

// User-facing texts live in locales/<lang>.json; features add their own keys there.
type Catalog = Record<string, string>;
const catalogs = new Map<Language, Catalog>();

function catalog(lang: Language): Catalog {
  let c = catalogs.get(lang);
  if (!c) {
    c = {};
    const dir = path.join(PROJECT_ROOT, 'locales');
    // Every locales/<lang>*.json merges in, so each feature can keep its own file.
    for (const f of fs
      .readdirSync(dir)
      .filter((f) => f.startsWith(`${lang}`) && f.endsWith('.json'))
      .sort()) {
      Object.assign(c, JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
    }
    catalogs.set(lang, c);
  }
  return c;
}

/** Looks up a text by key and fills {name} placeholders. Falls back to Dutch, then to the key. */
export function t(lang: Language, key: string, vars: Record<string, string | number> = {}): string {
  const template = catalog(lang)[key] ?? catalog('nl')[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

const EN_WORDS = new Set(
  'the a an is are was were what which who whom whose how why when where do does did can could should would will we our you your it its of to in on for with and or not there this that these those have has be about from than many much any'.split(
    ' ',
  ),
);
const NL_WORDS = new Set(
  'de het een is zijn was waren wat welke wie hoe waarom wanneer waar doen doet kan kunnen moet moeten wij we ons onze jij je jullie u van in op voor met en of niet er dit dat deze die hebben heeft zijn over uit dan veel hoeveel ook als bij naar'.split(
    ' ',
  ),
);

/** The language the words of the text lean to, or null when they do not lean. */
export function leaning(text: string): Language | null {
  // Tokens with digits are codes and figures ("A-D2", "2024"), not words: the "a" of "A-D2" is no English.
  const words =
    text
      .toLowerCase()
      .replace(/\S*\d\S*/g, ' ')
      .match(/[a-zà-ÿ']+/g) ?? [];
  let en = 0;
  let nl = 0;
  for (const w of words) {
    if (EN_WORDS.has(w)) en++;
    if (NL_WORDS.has(w)) nl++;
  }
  return en > nl ? 'en' : nl > en ? 'nl' : null;
}

/** The language the words of the text lean to; `fallback` (Dutch by default) when they do not lean. */
export function detectLanguage(text: string, fallback: Language = 'nl'): Language {
  return leaning(text) ?? fallback;
}
