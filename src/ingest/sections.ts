/**
 * Heading detection and page recovery on classified lines (see clean.ts). Three layouts occur in the corpus and
 * are recognised from the text itself:
 *  - 'tabbed':   headings prefixed by tabs ("\t 1.1 \tTitle"); footnotes "N\ttext" have no leading tab.
 *  - 'magazine': a running header "… ‘Zo doen we dat!’  |  <section>" delimits the sections.
 *  - 'numbered': "1 Inleiding", "1.1 Aanleiding", " 3. Indruk …"; numbering must be sequential, so numbered
 *                steps and bijlage headings that look like chapters do not restart the chapter sequence.
 * A fourth, 'markdown' ("# Titel", "## Paragraaf"), is what users' own .md documents bring.
 */
import type { PassageKind } from './types.js';
import { type Line } from './clean.js';

export interface Heading {
  /** First and last original line of the heading (headings can wrap over two or three lines). */
  line: number;
  endLine: number;
  level: number;
  label: string;
  kind?: PassageKind;
}

export interface Structure {
  layout: 'tabbed' | 'magazine' | 'numbered' | 'markdown';
  headings: Heading[];
  /** Heading path (outermost first) valid at each line, indexed by line number - 1. */
  pathAt: string[][];
  /** Section kind at each line (voorwoord, colofon, toc, bijlage or body). */
  kindAt: PassageKind[];
  /** Page number at each line, or null when it cannot be recovered. */
  pageAt: (number | null)[];
}

const MATTER: Array<[RegExp, PassageKind]> = [
  [/^(Woorden vooraf|Voorwoord)$/i, 'voorwoord'],
  [/^Colofon$/i, 'colofon'],
  [/^(Inhoudsopgave|Inhoud)$/i, 'toc'],
  [/^Bijlage\b/i, 'bijlage'],
  [/^(Samenvatting|Leeswijzer|Nawoord|Over de auteurs)$/i, 'body'],
];

function matterKind(label: string): PassageKind | undefined {
  for (const [re, kind] of MATTER) if (re.test(label)) return kind;
  return undefined;
}

const MD_HEADING = /^(#{1,6})\s+(\S.*?)\s*#*\s*$/;

export function detectLayout(lines: Line[]): Structure['layout'] {
  if (lines.some((l) => l.role === 'body' && MD_HEADING.test(l.raw))) return 'markdown';
  if (lines.some((l) => l.role === 'header' && l.headerLabel && /\|/.test(l.raw))) return 'magazine';
  const tabbed = lines.filter((l) => l.role === 'body' && /^ ?\t\s*\d+(\.\d+)?\s*\t/.test(l.raw)).length;
  return tabbed >= 3 ? 'tabbed' : 'numbered';
}

const isContent = (l: Line) => l.role === 'body';

/** Next body line index after i, skipping at most `maxBlank` blank lines; undefined otherwise. */
function nextBodyIdx(lines: Line[], i: number, maxBlank = 1): number | undefined {
  let blanks = 0;
  for (let k = i + 1; k < lines.length; k++) {
    const r = lines[k].role;
    if (r === 'blank') {
      if (++blanks > maxBlank) return undefined;
      continue;
    }
    return isContent(lines[k]) ? k : undefined;
  }
  return undefined;
}

/** Wrapped heading lines: short lowercase-initial continuations without sentence end. */
function headingContinuation(lines: Line[], i: number, title: string): number[] {
  const out: number[] = [];
  let cur = i;
  let text = title;
  for (let step = 0; step < 2; step++) {
    if (/[.:;?!]$/.test(text)) break;
    const k = nextBodyIdx(lines, cur, 1);
    if (k === undefined) break;
    const t = lines[k].text;
    if (t.length > 50 || !/^\p{Ll}/u.test(t) || /\.$/.test(t)) break;
    out.push(k);
    cur = k;
    text = t;
  }
  return out;
}

const endsSentence = (t: string) => /[.!?:;’”)]$/.test(t);
const isBulletOrItem = (t: string) => /^([•\-–·o]\s|\d+[.)]\s|\(?[a-z]\)\s)/.test(t);

/** Short title-like line: the generic test for unnumbered sub-headings. */
function isTitleLike(t: string, maxLen = 60): boolean {
  if (t.length < 3 || t.length > maxLen) return false;
  if (t.split(' ').length > 9) return false;
  if (!/^[\p{Lu}‘“]/u.test(t)) return false;
  if (/[.,;:]$/.test(t) || /-$/.test(t)) return false;
  if (/^(Figuur|Tabel|Bron)\b/i.test(t) || isBulletOrItem(t)) return false;
  return true;
}

interface Builder {
  headings: Heading[];
  add(h: Heading): void;
}

function builder(): Builder {
  const headings: Heading[] = [];
  return { headings, add: (h) => headings.push(h) };
}

// ---------------------------------------------------------------------------------------------------------

function detectMarkdown(lines: Line[], b: Builder): void {
  for (const l of lines) {
    const m = l.role === 'body' ? l.raw.match(MD_HEADING) : null;
    if (m) b.add({ line: l.n, endLine: l.n, level: m[1].length, label: m[2] });
  }
}

function detectTabbed(lines: Line[], b: Builder): void {
  let chapter = 0;
  let numberPath: string[] = []; // numbering of open numbered headings, e.g. ["5"] or ["2", "1"]
  let lastTopLevelEnd = -1;
  let subParent: string[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!isContent(l)) continue;
    const num = /^ ?\t\s*(\d+)(?:\.(\d+))?\.?\s*\t\s*(\S.*)$/.exec(l.raw);
    const tabTitle = /^ ?\t\t\s*(\S.*)$/.exec(l.raw);
    if (num) {
      const title = num[3].replace(/\s+/g, ' ').trim();
      const cont = headingContinuation(lines, i, title);
      const full = [title, ...cont.map((k) => lines[k].text)].join(' ');
      const end = cont.length ? lines[cont[cont.length - 1]].n : l.n;
      const major = Number(num[1]);
      if (num[2] !== undefined || major === chapter + 1) subParent = undefined;
      if (num[2] !== undefined) {
        chapter = major;
        numberPath = [num[1], num[2]];
        b.add({ line: l.n, endLine: end, level: 2, label: `${major}.${num[2]} ${full}` });
      } else if (major === chapter + 1) {
        chapter = major;
        numberPath = [num[1]];
        b.add({ line: l.n, endLine: end, level: 1, label: `${major} ${full}`, kind: 'body' });
        lastTopLevelEnd = i;
      } else {
        // sub-numbering inside a chapter or section ("\t 1\t Belangenbehartiging", "\t 1\t Stap 1: …");
        // siblings share the parent of the last chapter or x.y heading
        const parent = subParent ?? numberPath;
        subParent = parent;
        const level = parent.length + 1;
        numberPath = [...parent, String(major)];
        b.add({ line: l.n, endLine: end, level, label: `${numberPath.join('.')} ${full}` });
      }
      i = Math.max(i, ...cont);
      continue;
    }
    const plain = tabTitle ? tabTitle[1].replace(/\s+/g, ' ').trim() : l.text;
    const kind = matterKind(plain) ?? (tabTitle && /^Bijlage\b/i.test(plain) ? 'bijlage' : undefined);
    if (kind || (l.pageStart && matterKind(l.text))) {
      const cont = headingContinuation(lines, i, plain);
      const full = [plain, ...cont.map((k) => lines[k].text)].join(' ');
      const end = cont.length ? lines[cont[cont.length - 1]].n : l.n;
      b.add({ line: l.n, endLine: end, level: 1, label: full, kind });
      numberPath = [];
      subParent = undefined;
      lastTopLevelEnd = i;
      i = Math.max(i, ...cont);
      continue;
    }
    if (tabTitle) {
      b.add({ line: l.n, endLine: l.n, level: 2, label: plain });
      continue;
    }
    // a short name line on a page start or right after a top-level heading, followed by running text
    // (the partner forewords: " Neprom", "Vereniging van Nederlandse Gemeenten")
    const justAfterTop = prevContentIdx(lines, i) === lastTopLevelEnd;
    if ((l.pageStart || justAfterTop) && isTitleLike(l.text, 45) && l.text.split(' ').length <= 5) {
      const k = nextBodyIdx(lines, i, 1);
      if (k !== undefined && lines[k].text.length >= 50 && !/^(Figuur|Tabel)/.test(l.text)) {
        b.add({ line: l.n, endLine: l.n, level: 2, label: l.text });
      }
    }
  }
}

function prevContentIdx(lines: Line[], i: number): number {
  for (let k = i - 1; k >= 0; k--) if (lines[k].role !== 'blank') return k;
  return -1;
}

// ---------------------------------------------------------------------------------------------------------

function detectNumbered(lines: Line[], b: Builder): void {
  let chapter = 0;
  let section = 0;
  let bijlage = 0;
  let lastStep = 0;
  let depth = 0;
  let chapterLost = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!isContent(l)) continue;
    const m = /^ ?(\d{1,2})(?:\.(\d{1,2}))?(\.)? {1,3}(\S.*)$/.exec(l.raw);
    const prevIdx = prevContentIdx(lines, i);
    const prev = prevIdx >= 0 ? lines[prevIdx] : undefined;
    if (m) {
      const major = Number(m[1]);
      const minor = m[2] !== undefined ? Number(m[2]) : undefined;
      const title = m[4].replace(/\s+/g, ' ').trim();
      const titleOk = /^[\p{Lu}‘(]/u.test(title) && !/[,;]$/.test(title) && !/\.$/.test(title);
      const cont = titleOk ? headingContinuation(lines, i, title) : [];
      const full = [title, ...cont.map((k) => lines[k].text)].join(' ');
      const end = cont.length ? lines[cont[cont.length - 1]].n : l.n;
      if (titleOk && minor === undefined && !bijlage && major === chapter + 1 && full.length <= 90 &&
        (l.pageStart || title.length <= 45)) {
        chapter = major;
        chapterLost = false;
        section = 0;
        lastStep = 0;
        depth = 1;
        b.add({ line: l.n, endLine: end, level: 1, label: `${major}${m[3] ?? ''} ${full}` });
        i = Math.max(i, ...cont);
        continue;
      }
      // a second sequence restarting at 1 on a new page after the chapters: the bijlagen
      if (titleOk && minor === undefined && l.pageStart && !m[3] && chapter >= 2 && major === bijlage + 1 &&
        full.length <= 90) {
        bijlage = major;
        depth = 1;
        lastStep = 0;
        b.add({ line: l.n, endLine: end, level: 1, label: `Bijlage ${major} ${full}`, kind: 'bijlage' });
        i = Math.max(i, ...cont);
        continue;
      }
      if (titleOk && minor !== undefined && !bijlage && (major === chapter || major === chapter + 1) &&
        (major !== chapter || minor > section) && full.length <= 90) {
        // "2.1" without a "2" heading (lost in extraction): the section becomes top level
        if (major === chapter + 1) chapterLost = true;
        chapter = major;
        section = minor;
        lastStep = 0;
        depth = chapterLost ? 1 : 2;
        b.add({ line: l.n, endLine: end, level: depth, label: `${major}.${minor} ${full}` });
        i = Math.max(i, ...cont);
        continue;
      }
      // numbered steps inside a chapter ("1. De betrokken partijen" … " 5. Woningvoorraad")
      const blankAfter = i + 1 < lines.length && lines[i + 1].role === 'blank';
      if (titleOk && minor === undefined && m[3] && major === lastStep + 1 && title.length <= 50 && blankAfter &&
        chapter > 0 && (!prev || prev.role !== 'body' || endsSentence(prev.text) || lines[i - 1].role === 'blank' ||
          l.pageStart)) {
        const k = nextBodyIdx(lines, i, 2);
        if (k !== undefined && /^[\p{Lu}•]/u.test(lines[k].text)) {
          lastStep = major;
          const level = (section && !chapterLost ? 2 : 1) + 1;
          b.add({ line: l.n, endLine: l.n, level, label: `${major}. ${title}` });
          depth = level;
          continue;
        }
      }
      continue;
    }
    const matter = matterKind(l.text);
    if (matter && matter !== 'bijlage') {
      b.add({ line: l.n, endLine: l.n, level: 1, label: l.text, kind: matter });
      depth = 1;
      continue;
    }
    if (isUnnumberedHeading(lines, i)) {
      const level = Math.min(Math.max(depth, 1), lastNumberedLevel(b)) + 1;
      b.add({ line: l.n, endLine: l.n, level, label: l.text });
    }
  }
}

function lastNumberedLevel(b: Builder): number {
  for (let k = b.headings.length - 1; k >= 0; k--) {
    if (/^(\d|Bijlage)/.test(b.headings[k].label) || b.headings[k].level === 1) return b.headings[k].level;
  }
  return 0;
}

/** Short title line between blank lines (or page start), after a finished sentence, before running text. */
function isUnnumberedHeading(lines: Line[], i: number): boolean {
  const l = lines[i];
  if (!isTitleLike(l.text)) return false;
  const prevIdx = prevContentIdx(lines, i);
  const blankBefore = i === 0 || lines[i - 1].role === 'blank' || l.pageStart;
  if (!blankBefore) return false;
  const prevBody = findBody(lines, i, -1);
  if (prevBody && prevBody.role === 'body' && !endsSentence(prevBody.text) && prevIdx === lines.indexOf(prevBody)) {
    return false;
  }
  const k = nextBodyIdx(lines, i, 2);
  if (k === undefined) return false;
  const next = lines[k].text;
  return /^[\p{Lu}•–‘“]/u.test(next) && next.length >= 25;
}

function findBody(lines: Line[], i: number, dir: 1 | -1): Line | undefined {
  for (let k = i + dir; k >= 0 && k < lines.length; k += dir) if (lines[k].role === 'body') return lines[k];
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------

/**
 * Magazine: top level = the practice example. A section starts where the running-header label changes, or
 * where a second "Urgentie van de opgave" shows that a new example began without a header (its tagline is the
 * page-start line just before). The label is the first header or side label inside the example, else the best
 * matching outline entry.
 */
function detectMagazine(lines: Line[], b: Builder): void {
  type Start = { idx: number; byHeader: boolean; label?: string };
  const starts: Start[] = [{ idx: 0, byHeader: false }];
  let prevHeaderLabel: string | undefined;
  let urgentieSeen = false;
  let headerSinceStart = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.role === 'header' && l.headerLabel) {
      const label = l.headerLabel;
      if (label !== prevHeaderLabel) {
        const last = starts[starts.length - 1];
        const opensExample = lines
          .slice(i + 1, i + 30)
          .filter((x) => x.role === 'body')
          .slice(0, 8)
          .some((x) => /^Urgentie van de opgaven?$/.test(x.text));
        if (!last.byHeader && !headerSinceStart && last.idx > 0 && !opensExample) {
          last.label = label; // first header of an example that started without one
        } else if (i > 0) {
          starts.push({ idx: i, byHeader: true, label });
          urgentieSeen = false;
        } else {
          last.label = label;
          last.byHeader = true;
        }
      }
      headerSinceStart = true;
      prevHeaderLabel = label;
      continue;
    }
    if (l.role === 'body' && /^Urgentie van de opgaven?$/.test(l.text)) {
      if (urgentieSeen) {
        const tag = prevContentIdx(lines, i);
        const startIdx = tag >= 0 && lines[tag].pageStart && lines[tag].role === 'body' ? tag : i;
        starts.push({ idx: startIdx, byHeader: false });
        headerSinceStart = false;
      }
      urgentieSeen = true;
    }
  }
  const outline = lines.filter((l) => l.role === 'outline').map((l) => l.text);
  for (let s = 0; s < starts.length; s++) {
    const st = starts[s];
    const endIdx = s + 1 < starts.length ? starts[s + 1].idx : lines.length;
    let label = st.label;
    if (!label) {
      const side = lines.slice(st.idx, endIdx).find((l) => l.role === 'sidelabel' && !/^Bron\b/.test(l.text));
      label = side?.text ?? bestOutlineEntry(outline, lines.slice(st.idx, endIdx)) ?? lines[st.idx].text;
    }
    const kind = matterKind(label) ?? 'body';
    b.add({ line: lines[st.idx].n, endLine: lines[st.idx].n, level: 1, label, kind });
    // sub-headings inside the example
    for (let i = st.idx; i < endIdx; i++) {
      const l = lines[i];
      if (l.role !== 'body' || !isTitleLike(l.text)) continue;
      if (i > 0 && lines[i - 1].role !== 'blank' && lines[i - 1].role !== 'header' && !l.pageStart) continue;
      const k = nextBodyIdx(lines, i, 1);
      if (k === undefined) continue;
      const next = lines[k].text;
      if (!(/^[\p{Lu}–•‘“]/u.test(next) && next.length >= 30)) continue;
      if (i === st.idx) continue; // the tagline of the example itself
      const before = findBody(lines, i, -1);
      if (before && /-$/.test(before.text)) continue; // second half of a hyphenated word ("Aedes-" / "Magazine")
      b.add({ line: l.n, endLine: l.n, level: 2, label: l.text });
    }
  }
  b.headings.sort((x, y) => x.line - y.line || x.level - y.level);
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

// ---------------------------------------------------------------------------------------------------------

/**
 * Pages: a header "N Vereniging van Nederlandse Gemeenten" anchors page N; every later page-start line (single
 * leading space, or a line holding only a space) starts the next page. Documents without such anchors get null.
 */
export function recoverPages(lines: Line[], headings: Heading[] = []): (number | null)[] {
  const pages: (number | null)[] = new Array(lines.length).fill(null);
  // extracted PDFs (see loaders.ts) separate pages by a line holding only a form feed
  if (lines.some((l) => l.raw === '\f')) {
    let page = 1;
    lines.forEach((l, i) => {
      if (l.raw === '\f') page++;
      pages[i] = page;
    });
    return pages;
  }
  const anchors = new Map<number, number>(); // line index -> page
  lines.forEach((l, i) => {
    const m = /^\s*(\d{1,3})[\s\u2003]+Vereniging van Nederlandse Gemeenten\s*$/.exec(l.raw);
    if (m) anchors.set(i, Number(m[1]));
  });
  if (!anchors.size) return pages;
  // table-of-contents entries ("1.4\t Aanpak\t\t  15") anchor the headings they name
  const toc = lines.filter((l) => l.role === 'toc').map((l) => {
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
  return label.toLowerCase().replace(/[^\p{L}\d]+/gu, ' ').trim();
}

export function detectStructure(lines: Line[]): Structure {
  const layout = detectLayout(lines);
  const b = builder();
  if (layout === 'markdown') detectMarkdown(lines, b);
  else if (layout === 'tabbed') detectTabbed(lines, b);
  else if (layout === 'magazine') detectMagazine(lines, b);
  else detectNumbered(lines, b);

  const pathAt: string[][] = [];
  const kindAt: PassageKind[] = [];
  let stack: Heading[] = [];
  let h = 0;
  const headings = b.headings;
  for (let i = 0; i < lines.length; i++) {
    while (h < headings.length && headings[h].line === lines[i].n) {
      const hd = headings[h++];
      stack = stack.filter((s) => s.level < hd.level);
      stack.push(hd);
    }
    pathAt.push(stack.map((s) => s.label));
    const top = stack.find((s) => s.kind && s.kind !== 'body');
    kindAt.push(top?.kind ?? 'body');
  }
  return { layout, headings, pathAt, kindAt, pageAt: recoverPages(lines, headings) };
}
