import { stringify } from 'csv-stringify/sync';

// CSV a spreadsheet opens safely: a text cell that starts like a formula (= + - @ tab CR) gets a
// leading apostrophe, so `=HYPERLINK(...)` typed by a member stays text.

const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Rows of objects under a header of `columns`; dates as ISO, objects as JSON, strings formula-safe. */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return stringify(rows, {
    header: true,
    columns,
    bom: true,
    record_delimiter: 'windows',
    cast: {
      string: safeCell,
      date: (d) => d.toISOString(),
      object: (o) => safeCell(JSON.stringify(o)),
      boolean: (b) => (b ? 'ja' : 'nee'),
    },
  });
}
