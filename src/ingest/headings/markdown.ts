// 'markdown': what users' own .md documents bring ("# Titel", "## Paragraaf").
import { isBody, type Line } from '../lines.js';
import type { Heading } from './common.js';

export const MD_HEADING = /^(#{1,6})\s+(\S.*?)\s*#*\s*$/;

export function markdownHeadings(lines: Line[]): Heading[] {
  const out: Heading[] = [];
  for (const l of lines) {
    const m = isBody(l) ? l.raw.match(MD_HEADING) : null;
    if (m) out.push({ line: l.n, endLine: l.n, level: m[1].length, label: m[2] });
  }
  return out;
}
