import type { Citation } from './types.js';

// Answers cite as "… sentence. [n]": the words a citation stands for are the text between the previous
// marker (or line start) and its first "[n]". A platform's citation pop-up shows these, not the passage's opening.

/** The answer's words cited as [n]; the passage's own start when the text does not cite it. */
export function quotedFor(text: string, c: Pick<Citation, 'n' | 'text'>): string {
  const marker = new RegExp(`\\[${c.n}\\]`);
  for (const line of text.split(/\n/)) {
    const at = line.search(marker);
    if (at < 0) continue;
    const before =
      line
        .slice(0, at)
        .split(/\[\d+\]/)
        .pop() ?? '';
    const quoted = before
      .replace(/^[\s,;:–-]+/, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (quoted) return quoted;
  }
  return c.text.replace(/\s+/g, ' ').trim();
}
