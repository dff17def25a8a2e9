// 'magazine': a running header "… ‘Zo doen we dat!’ | <section>" (knowledge/layouts) delimits the sections.
import type { Layouts } from '../layouts.js';
import { bodyWithin, indexOf, isBody, type Line, lineBefore, notBlank } from '../lines.js';
import { type Heading, isTitleLike } from './common.js';

/**
 * Top level = the practice example. A section starts where the running-header label changes, or where a second
 * section opener ("Urgentie van de opgave") shows that a new example began without a header (its tagline is the
 * page-start line just before). The label is the first header or side label inside the example, else the best
 * matching outline entry.
 */
export function magazineHeadings(lines: Line[], layout: Layouts): Heading[] {
  const out: Heading[] = [];
  for (const st of exampleStarts(lines, layout)) {
    let label = st.label;
    if (!label) {
      const side = lines.slice(st.idx, st.endIdx).find((l) => l.role === 'sidelabel' && !/^Bron\b/.test(l.text));
      const outline = lines.filter((l) => l.role === 'outline').map((l) => l.text);
      label = side?.text ?? bestOutlineEntry(outline, lines.slice(st.idx, st.endIdx)) ?? lines[st.idx].text;
    }
    out.push({ line: lines[st.idx].n, endLine: lines[st.idx].n, level: 1, label, kind: layout.matterKind(label) ?? 'body' });
    out.push(...subHeadings(lines, st.idx, st.endIdx));
  }
  return out.sort((x, y) => x.line - y.line || x.level - y.level);
}

interface Start {
  idx: number;
  endIdx: number;
  byHeader: boolean;
  label?: string;
}

function exampleStarts(lines: Line[], layout: Layouts): Start[] {
  const starts: Start[] = [{ idx: 0, endIdx: lines.length, byHeader: false }];
  let prevHeaderLabel: string | undefined;
  let openerSeen = false;
  let headerSinceStart = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.role === 'header' && l.headerLabel) {
      const label = l.headerLabel;
      if (label !== prevHeaderLabel) {
        const last = starts[starts.length - 1];
        const opensExample = lines
          .slice(i + 1, i + 30)
          .filter(isBody)
          .slice(0, 8)
          .some((x) => layout.isSectionOpener(x.text));
        if (!last.byHeader && !headerSinceStart && last.idx > 0 && !opensExample) {
          last.label = label; // first header of an example that started without one
        } else if (i > 0) {
          starts.push({ idx: i, endIdx: lines.length, byHeader: true, label });
          openerSeen = false;
        } else {
          last.label = label;
          last.byHeader = true;
        }
      }
      headerSinceStart = true;
      prevHeaderLabel = label;
      continue;
    }
    if (isBody(l) && layout.isSectionOpener(l.text)) {
      if (openerSeen) {
        const tag = lineBefore(lines, i, notBlank);
        const startIdx = tag && tag.pageStart && isBody(tag) ? indexOf(tag) : i;
        starts.push({ idx: startIdx, endIdx: lines.length, byHeader: false });
        headerSinceStart = false;
      }
      openerSeen = true;
    }
  }
  starts.forEach((s, k) => (s.endIdx = starts[k + 1]?.idx ?? lines.length));
  return starts;
}

/** Sub-headings inside an example: a title-like line after a blank line or header, before running text. */
function subHeadings(lines: Line[], from: number, to: number): Heading[] {
  const out: Heading[] = [];
  for (let i = from + 1; i < to; i++) {
    const l = lines[i];
    if (!isBody(l) || !isTitleLike(l.text)) continue;
    if (lines[i - 1].role !== 'blank' && lines[i - 1].role !== 'header' && !l.pageStart) continue;
    const next = bodyWithin(lines, i, 1);
    if (!next || !(/^[\p{Lu}–•‘“]/u.test(next.text) && next.text.length >= 30)) continue;
    const before = lineBefore(lines, i, isBody);
    if (before && /-$/.test(before.text)) continue; // second half of a hyphenated word ("Aedes-" / "Magazine")
    out.push({ line: l.n, endLine: l.n, level: 2, label: l.text });
  }
  return out;
}

function bestOutlineEntry(outline: string[], section: Line[]): string | undefined {
  const text = section.map((l) => l.text).join(' ');
  let best: string | undefined;
  let bestScore = 0;
  for (const entry of outline) {
    const words = entry.split(/[\s,:\-–]+/).filter((w) => w.length >= 4);
    const score = words.reduce((acc, w) => acc + (text.split(w).length - 1), 0) / Math.max(1, words.length);
    if (score > bestScore) {
      bestScore = score;
      best = entry;
    }
  }
  return bestScore >= 1 ? best : undefined;
}
