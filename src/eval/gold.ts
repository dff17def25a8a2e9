import { isReferenceLine } from '../ingest/debris.js';

// Does the text a member reads carry the document's answer? The gold sentence is the first six words of the
// item's `quote`; both sides are normalised the same way, so layout differences do not count.

/** NFKC, lower case, [n] markers removed, a hyphen followed by whitespace joined, non-letters/digits one space. */
export function normaliseForGold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\[\d+(?:\s*[,;]\s*\d+)*\]/g, ' ')
    .replace(/-\s+/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function goldKey(quote: string): string {
  return normaliseForGold(quote).split(' ').slice(0, 6).join(' ');
}

/** Abstained answers are misses: they do not carry the answer. */
export function carriesGold(answer: { answer: string; abstained: boolean }, quote: string | undefined): boolean {
  if (answer.abstained || !quote) return false;
  const key = goldKey(quote);
  return key.length > 0 && normaliseForGold(answer.answer).includes(key);
}

/** The answer quotes a reference-list entry or a footnote line as if it were content (its own "Zie ook" line aside). */
export function quotesReference(answer: { answer: string; abstained: boolean; quotes?: { text: string }[] }): boolean {
  if (answer.abstained) return false;
  const quoted = answer.quotes ? answer.quotes.map((q) => q.text).join('\n') : answer.answer;
  return quoted
    .split('\n')
    .map((l) => l.replace(/\[\d+\]/g, '').replace(/^[-•]\s*/, '').trim())
    .filter(Boolean)
    .some(isReferenceLine);
}
