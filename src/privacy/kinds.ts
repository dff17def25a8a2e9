import { t } from '../core/i18n.js';
import type { Language } from '../core/types.js';

// What a person calls the rows of a table, in the order they care about; bookkeeping tables last.
const ORDER = [
  'members',
  'glossary_terms',
  'glossary_versions',
  'decisions',
  'decision_events',
  'step_runs',
  'step_answers',
  'answers',
  'feedback',
  'group_erasures',
  'groups',
  'glossary_names',
  'step_run_items',
  'decision_counters',
  'posted_cards',
  'message_refs',
  'file_offers',
  'document_texts',
  'bot_threads',
];

/** "begrippen", "vragen en antwoorden" for a table (locales privacy.kind.<table>); the table name when no text exists. */
export function kindLabel(lang: Language, table: string): string {
  const key = `privacy.kind.${table}`;
  const label = t(lang, key);
  return label === key ? table : label;
}

const rank = (table: string) => (ORDER.includes(table) ? ORDER.indexOf(table) : ORDER.length);

/** The tables with rows, in ORDER (tables added later at the end). */
export function sortedCounts(counts: Map<string, number>): [string, number][] {
  return [...counts].filter(([, n]) => n > 0).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

/** "leden: 3, begrippen: 2" for the tables with rows. */
export function countsLine(lang: Language, counts: Map<string, number>): string {
  const parts = sortedCounts(counts).map(([table, n]) => `${kindLabel(lang, table)}: ${n}`);
  return parts.length ? parts.join(', ') : t(lang, 'privacy.none');
}
