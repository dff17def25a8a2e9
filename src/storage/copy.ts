// Rows in COPY's text format (tab-separated, \N for null, backslash escapes), for Queryable.copyFrom.

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field: numbers as written, text with its backslashes, tabs and line breaks escaped. */
export function copyField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  return SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPES[c]) : value;
}

/** One row, ending in a line break. */
export function copyRow(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(copyField).join('\t')}\n`;
}
