import { stringify } from 'csv-stringify/sync';
import { t } from './i18n.js';
import type { Language } from './types.js';

// Every CSV export of the bot, written the way Dutch office spreadsheets open it: a UTF-8 BOM (so
// Excel reads ë and €), semicolons (the Dutch list separator), CRLF lines, headers in the
// member's language and times in Europe/Amsterdam.

export const CSV_MIME = 'text/csv';

/** A cell a spreadsheet would run as a formula ("=HYPERLINK(…)", "+31…", "@SUM", tab, CR) gets a quote in front. */
const FORMULA_START = /^[=+\-@\t\r]/;

export const safeCell = (s: string): string => (FORMULA_START.test(s) ? `'${s}` : s);

/** "2026-03-05 14:07" in Dutch local time: a format spreadsheets recognise as a date and time. */
export function localTime(d: Date): string {
  return d.toLocaleString('sv-SE', {
    timeZone: 'Europe/Amsterdam',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export interface CsvColumn<T> {
  /** i18n key of the column header. */
  header: string;
  value: (row: T) => string | number | Date | null | undefined;
}

export function toCsv<T>(rows: T[], columns: CsvColumn<T>[], lang: Language): string {
  return stringify(
    rows.map((r) => columns.map((c) => c.value(r) ?? '')),
    {
      bom: true,
      delimiter: ';',
      record_delimiter: 'windows',
      header: true,
      columns: columns.map((c) => t(lang, c.header)),
      cast: { string: safeCell, date: localTime },
    },
  );
}
