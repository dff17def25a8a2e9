/**
 * Page recovery: which printed page each line is on, for citations ("p. 43"). Runs after section detection,
 * because a table-of-contents entry anchors the page of the heading it names.
 */
import type { Heading } from './headings/common.js';
import type { Line } from './lines.js';
import { PAGE_BREAK } from './loaders.js';

/**
 * Extracted PDFs (loaders.ts) separate pages by a form-feed line: count them. Otherwise a running header with a
 * page number ("12 Vereniging van Nederlandse Gemeenten", see knowledge/layouts) anchors that page, and every
 * later page-start line (single leading space, or a header) starts the next page. Without anchors: null.
 */
export function recoverPages(lines: Line[], headings: Heading[] = []): (number | null)[] {
  const pages: (number | null)[] = new Array(lines.length).fill(null);
  if (lines.some((l) => l.raw === PAGE_BREAK)) {
    let page = 1;
    lines.forEach((l, i) => {
      if (l.raw === PAGE_BREAK) page++;
      pages[i] = page;
    });
    return pages;
  }
  const anchors = new Map<number, number>(); // line index -> page
  lines.forEach((l, i) => {
    if (l.headerPage !== undefined) anchors.set(i, l.headerPage);
  });
  if (!anchors.size) return pages;
  // table-of-contents entries ("1.4\t Aanpak\t\t  15") anchor the headings they name
  const toc = lines
    .filter((l) => l.role === 'toc')
    .map((l) => {
      const m = /^(.*?)\s+(\d{1,3})$/.exec(l.text)!;
      return { key: tocKey(m[1]), page: Number(m[2]) };
    });
  for (const h of headings) {
    const key = tocKey(h.label);
    const hit = toc.find((t) => t.key && (key === t.key || key.startsWith(t.key) || t.key.startsWith(key)));
    if (hit) anchors.set(h.line - 1, hit.page);
  }
  const isBreak = (l: Line) => l.role === 'header' || (l.pageStart && l.role !== 'url');
  const order = [...anchors.keys()].sort((a, b) => a - b);
  // between anchors count page starts, but never run past the next anchor's page
  let page: number | null = null;
  let next = 0;
  for (let i = 0; i < lines.length; i++) {
    while (next < order.length && order[next] < i) next++;
    if (anchors.has(i)) page = anchors.get(i)!;
    else if (page !== null && isBreak(lines[i])) page++;
    const limit = next < order.length ? anchors.get(order[next])! : Infinity;
    if (page !== null && page > limit) page = limit;
    pages[i] = page;
  }
  // backwards before the first anchor
  page = anchors.get(order[0])!;
  for (let i = order[0] - 1; i >= 0; i--) {
    if (isBreak(lines[i + 1])) page--;
    pages[i] = page >= 1 ? page : null;
  }
  return pages;
}

function tocKey(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^\p{L}\d]+/gu, ' ')
    .trim();
}
