// 'tabbed': headings prefixed by tabs ("\t 1.1 \tTitle"); footnotes "N\ttext" have no leading tab.
import type { Layouts } from '../layouts.js';
import { bodyWithin, isBody, type Line, lineBefore, notBlank } from '../lines.js';
import { type Heading, isTitleLike, wrappedTitle } from './common.js';

export const TABBED_HEADING = /^ ?\t\s*\d+(\.\d+)?\s*\t/;

export function tabbedHeadings(lines: Line[], layout: Layouts): Heading[] {
  const out: Heading[] = [];
  let chapter = 0;
  let numberPath: string[] = []; // numbering of open numbered headings, e.g. ["5"] or ["2", "1"]
  let lastTopLevel = 0; // line number of the last top-level heading
  let subParent: string[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!isBody(l)) continue;
    const num = /^ ?\t\s*(\d+)(?:\.(\d+))?\.?\s*\t\s*(\S.*)$/.exec(l.raw);
    const tabTitle = /^ ?\t\t\s*(\S.*)$/.exec(l.raw);
    if (num) {
      const w = wrappedTitle(lines, i, num[3].replace(/\s+/g, ' ').trim());
      const major = Number(num[1]);
      if (num[2] !== undefined || major === chapter + 1) subParent = undefined;
      if (num[2] !== undefined) {
        chapter = major;
        numberPath = [num[1], num[2]];
        out.push({ line: l.n, endLine: w.endLine, level: 2, label: `${major}.${num[2]} ${w.title}` });
      } else if (major === chapter + 1) {
        chapter = major;
        numberPath = [num[1]];
        out.push({ line: l.n, endLine: w.endLine, level: 1, label: `${major} ${w.title}`, kind: 'body' });
        lastTopLevel = l.n;
      } else {
        // sub-numbering inside a chapter or section ("\t 1\t Belangenbehartiging", "\t 1\t Stap 1: …");
        // siblings share the parent of the last chapter or x.y heading
        const parent = subParent ?? numberPath;
        subParent = parent;
        numberPath = [...parent, String(major)];
        out.push({ line: l.n, endLine: w.endLine, level: parent.length + 1, label: `${numberPath.join('.')} ${w.title}` });
      }
      i = w.lastIndex;
      continue;
    }
    const plain = tabTitle ? tabTitle[1].replace(/\s+/g, ' ').trim() : l.text;
    const kind = layout.matterKind(plain) ?? (tabTitle && /^Bijlage\b/i.test(plain) ? 'bijlage' : undefined);
    if (kind || (l.pageStart && layout.matterKind(l.text))) {
      const w = wrappedTitle(lines, i, plain);
      out.push({ line: l.n, endLine: w.endLine, level: 1, label: w.title, kind });
      numberPath = [];
      subParent = undefined;
      lastTopLevel = l.n;
      i = w.lastIndex;
      continue;
    }
    if (tabTitle) {
      out.push({ line: l.n, endLine: l.n, level: 2, label: plain });
      continue;
    }
    // a short name line on a page start or right after a top-level heading, followed by running text
    // (the partner forewords: " Neprom", "Vereniging van Nederlandse Gemeenten")
    const justAfterTop = (lineBefore(lines, i, notBlank)?.n ?? 0) === lastTopLevel;
    if ((l.pageStart || justAfterTop) && isTitleLike(l.text, 45) && l.text.split(' ').length <= 5) {
      const next = bodyWithin(lines, i, 1);
      if (next && next.text.length >= 50) {
        out.push({ line: l.n, endLine: l.n, level: 2, label: l.text });
      }
    }
  }
  return out;
}
