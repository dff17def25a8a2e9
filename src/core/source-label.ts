import type { Citation, Language } from './types.js';

// The one label a member reads for a source, on every platform and in exports:
// "VNG-handreiking 2022, §5.1 Stap 1: inventariseren, p. 43 (figuur 13)". Line ranges stay in the JSON.

const WORDS: Record<Language, { figure: string; table: string; page: string }> = {
  nl: { figure: 'figuur', table: 'tabel', page: 'p.' },
  en: { figure: 'figure', table: 'table', page: 'p.' },
};

export type Labelled = Pick<Citation, 'title' | 'section' | 'page'> & Partial<Pick<Citation, 'label' | 'kind' | 'text'>>;

/** "5 Een handelingsrepertoire > 5.1 Stap 1: inventariseren" → "§5.1 Stap 1: inventariseren". */
export function sectionLabel(section: string): string {
  const path = section
    .split(' > ')
    .map((s) => s.trim())
    .filter(Boolean);
  if (path.length === 0) return '';
  const inner = path[path.length - 1];
  const numbered = [...path].reverse().find((h) => /^\d+(\.\d+)*\.?\s/.test(h));
  const withSign = (h: string) => (/^\d+(\.\d+)*\.?\s/.test(h) ? `§${h.replace(/^(\d+(?:\.\d+)*)\.?\s+/, '$1 ')}` : h);
  // An unnumbered part (a magazine's example) is named by its outer heading: "Raamafspraken Alkmaar – Wat is bereikt?".
  if (!numbered) return path.length > 1 ? `${path[0]} – ${inner}` : inner;
  if (numbered === inner) return withSign(inner);
  return `${withSign(numbered)} – ${inner}`;
}

/** "(figuur 13)" for a passage that is a figure or table and names its number. */
function figureLabel(c: Labelled, lang: Language): string {
  if (c.kind !== 'figure' && c.kind !== 'table') return '';
  const m = /\b(Figuur|Figure|Tabel|Table|Afbeelding)\s+(\d+|[A-Z])\b/.exec(c.text ?? '');
  const word = c.kind === 'figure' || /^(Figuur|Figure|Afbeelding)$/.test(m?.[1] ?? '') ? WORDS[lang].figure : WORDS[lang].table;
  return m ? ` (${word} ${m[2]})` : ` (${word})`;
}

export function sourceLabel(c: Labelled, lang: Language = 'nl'): string {
  const parts = [c.label || c.title, sectionLabel(c.section)].filter(Boolean);
  if (c.page) parts.push(`${WORDS[lang].page} ${c.page}`);
  return `${parts.join(', ')}${figureLabel(c, lang)}`;
}
