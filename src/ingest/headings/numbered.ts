// 'numbered': "1 Inleiding", "1.1 Aanleiding", " 3. Indruk …"; numbering must be sequential, so numbered steps
// and bijlage headings that look like chapters do not restart the chapter sequence.
import type { Layouts } from '../layouts.js';
import { bodyWithin, isBody, type Line, lineBefore, notBlank } from '../lines.js';
import { endsSentence, type Heading, isTitleLike, unwrapped, wrappedTitle } from './common.js';

export function numberedHeadings(lines: Line[], layout: Layouts): Heading[] {
  const out: Heading[] = [];
  let chapter = 0;
  let section = 0;
  let bijlage = 0;
  let lastStep = 0;
  let depth = 0;
  let chapterLost = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!isBody(l)) continue;
    const m = /^ ?(\d{1,2})(?:\.(\d{1,2}))?(\.)? {1,3}(\S.*)$/.exec(l.raw);
    const prev = lineBefore(lines, i, notBlank);
    if (m) {
      const major = Number(m[1]);
      const minor = m[2] !== undefined ? Number(m[2]) : undefined;
      const title = m[4].replace(/\s+/g, ' ').trim();
      const titleOk = /^[\p{Lu}‘(]/u.test(title) && !/[,;]$/.test(title) && !/\.$/.test(title);
      const w = titleOk ? wrappedTitle(lines, i, title) : unwrapped(lines, i, title);
      if (
        titleOk &&
        minor === undefined &&
        !bijlage &&
        major === chapter + 1 &&
        w.title.length <= 90 &&
        (l.pageStart || title.length <= 45)
      ) {
        chapter = major;
        chapterLost = false;
        section = 0;
        lastStep = 0;
        depth = 1;
        out.push({ line: l.n, endLine: w.endLine, level: 1, label: `${major}${m[3] ?? ''} ${w.title}` });
        i = w.lastIndex;
        continue;
      }
      // a second sequence restarting at 1 on a new page after the chapters: the bijlagen
      if (titleOk && minor === undefined && l.pageStart && !m[3] && chapter >= 2 && major === bijlage + 1 && w.title.length <= 90) {
        bijlage = major;
        depth = 1;
        lastStep = 0;
        out.push({ line: l.n, endLine: w.endLine, level: 1, label: `Bijlage ${major} ${w.title}`, kind: 'bijlage' });
        i = w.lastIndex;
        continue;
      }
      if (
        titleOk &&
        minor !== undefined &&
        !bijlage &&
        (major === chapter || major === chapter + 1) &&
        (major !== chapter || minor > section) &&
        w.title.length <= 90
      ) {
        // "2.1" without a "2" heading (lost in extraction): the section becomes top level
        if (major === chapter + 1) chapterLost = true;
        chapter = major;
        section = minor;
        lastStep = 0;
        depth = chapterLost ? 1 : 2;
        out.push({ line: l.n, endLine: w.endLine, level: depth, label: `${major}.${minor} ${w.title}` });
        i = w.lastIndex;
        continue;
      }
      // numbered steps inside a chapter ("1. De betrokken partijen" … " 5. Woningvoorraad")
      const blankAfter = i + 1 < lines.length && lines[i + 1].role === 'blank';
      if (
        titleOk &&
        minor === undefined &&
        m[3] &&
        major === lastStep + 1 &&
        title.length <= 50 &&
        blankAfter &&
        chapter > 0 &&
        (!prev || !isBody(prev) || endsSentence(prev.text) || lines[i - 1].role === 'blank' || l.pageStart)
      ) {
        const next = bodyWithin(lines, i, 2);
        if (next && /^[\p{Lu}•]/u.test(next.text)) {
          lastStep = major;
          const level = (section && !chapterLost ? 2 : 1) + 1;
          out.push({ line: l.n, endLine: l.n, level, label: `${major}. ${title}` });
          depth = level;
          continue;
        }
      }
      continue;
    }
    const matter = layout.matterKind(l.text);
    if (matter && matter !== 'bijlage') {
      out.push({ line: l.n, endLine: l.n, level: 1, label: l.text, kind: matter });
      depth = 1;
      continue;
    }
    if (isUnnumberedHeading(lines, i)) {
      const level = Math.min(Math.max(depth, 1), lastNumberedLevel(out)) + 1;
      out.push({ line: l.n, endLine: l.n, level, label: l.text });
    }
  }
  return out;
}

function lastNumberedLevel(headings: Heading[]): number {
  for (let k = headings.length - 1; k >= 0; k--) {
    if (/^(\d|Bijlage)/.test(headings[k].label) || headings[k].level === 1) return headings[k].level;
  }
  return 0;
}

/** Short title line between blank lines (or page start), after a finished sentence, before running text. */
function isUnnumberedHeading(lines: Line[], i: number): boolean {
  const l = lines[i];
  if (!isTitleLike(l.text)) return false;
  const blankBefore = i === 0 || lines[i - 1].role === 'blank' || l.pageStart;
  if (!blankBefore) return false;
  const prevBody = lineBefore(lines, i, isBody);
  if (prevBody && !endsSentence(prevBody.text) && prevBody === lineBefore(lines, i, notBlank)) return false;
  const next = bodyWithin(lines, i, 2);
  return !!next && /^[\p{Lu}•–‘“]/u.test(next.text) && next.text.length >= 25;
}
