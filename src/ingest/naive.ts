import type { Passage, SourceDocument } from './types.js';

// Fallback splitter: windows of non-blank lines, at most 20 lines each. Used until the
// structured parser is in place and for plain user files with no structure.
export function parseNaive(doc: SourceDocument): Passage[] {
  const lines = doc.text.split('\n');
  const out: Passage[] = [];
  let start = -1;
  let buf: string[] = [];
  const flush = (end: number) => {
    if (buf.length && start >= 0) {
      out.push({ ord: out.length, section: doc.title, heading: doc.title, kind: 'body', lineStart: start + 1, lineEnd: end + 1, page: null, text: buf.join(' ').replace(/\s+/g, ' ').trim() });
    }
    buf = [];
    start = -1;
  };
  lines.forEach((line, i) => {
    if (line.trim()) {
      if (start < 0) start = i;
      buf.push(line.trim());
    }
    if (start >= 0 && (i - start >= 19 || (!line.trim() && buf.join(' ').length > 600))) flush(i);
  });
  flush(lines.length - 1);
  return out;
}
