import type { Language } from '../core/types.js';
import { fold } from '../retrieval/analyzer.js';

// Small formatting helpers shared by the glossary and the decisions.

export function formatDate(d: Date, lang: Language): string {
  return d.toLocaleDateString(lang === 'en' ? 'en-GB' : 'nl-NL', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Amsterdam',
  });
}

/** "Anna (Gemeente Utrecht)", or the user id when no name is known. */
export function personLabel(name: string | null, id: string, organisation: string | null): string {
  const who = name || id;
  return organisation ? `${who} (${organisation})` : who;
}

export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

/** A piece of `text` around the first place `term` occurs (folded), at most `max` characters. */
export function snippet(text: string, term: string, max = 220): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  // fold() keeps the length of plain Latin text, so positions carry over well enough for a snippet.
  const at = fold(flat).indexOf(fold(term).split(/\s+/)[0] ?? '');
  if (at < max / 2) return shorten(flat, max);
  const start = flat.lastIndexOf(' ', Math.max(0, at - 60)) + 1;
  return `…${shorten(flat.slice(start), max - 1)}`;
}
