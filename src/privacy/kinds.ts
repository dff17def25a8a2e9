import { t } from '../core/i18n.js';
import type { Language } from '../core/types.js';

/** "begrippen", "vragen en antwoorden" for a table (locales privacy.kind.<table>); the table name when no text exists. */
export function kindLabel(lang: Language, table: string): string {
  const key = `privacy.kind.${table}`;
  const label = t(lang, key);
  return label === key ? table : label;
}

/** "3 leden, 2 begrippen" for the tables with rows. */
export function countsLine(lang: Language, counts: Map<string, number>): string {
  const parts = [...counts].filter(([, n]) => n > 0).map(([table, n]) => `${n} ${kindLabel(lang, table)}`);
  return parts.length ? parts.join(', ') : t(lang, 'privacy.none');
}
