import { contentWords, stem } from '../retrieval/analyzer.js';
import type { Hit } from '../retrieval/search.js';

// Offline answer: the few sentences of the best passages that share most with the question.

export function splitSentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?:;])\s+(?=[A-Z0-9‘“'"(•–-])|\s+(?=•\s)|\s+(?=\d+\.\s)/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export interface PickedSentence {
  n: number;
  sentence: string;
  score: number;
}

/**
 * How many of the question's terms a sentence holds. A term (a stem or a compound part) counts when
 * a word of the sentence starts with it or, for longer terms, contains it: "zorg" in "woonzorgvoorziening".
 */
function sentenceScore(sentence: string, query: Set<string>): number {
  const words = contentWords(sentence);
  const stems = new Set(words.map(stem));
  let hit = 0;
  for (const q of query) {
    if (stems.has(q) || words.some((w) => w.startsWith(q) || (q.length >= 4 && w.includes(q)))) hit++;
  }
  const len = sentence.split(/\s+/).length;
  // Very short fragments (list labels) and very long run-ons read badly as an answer.
  const shape = len < 5 ? 0.5 : len > 60 ? 0.7 : 1;
  return hit * shape;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Passages start with their heading ("5 Een handelingsrepertoire … 5.1 Stap 1: inventariseren De
 * inventarisatiestap is …"); the sources list names the section already, so the answer drops it.
 */
export function withoutHeadings(sentence: string, section: string): string {
  const labels = section
    .split(' > ')
    .map((l) => l.replace(/^[\d.]+\s*/, '').trim())
    .filter((l) => l.length > 2)
    .sort((a, b) => b.length - a.length);
  let out = sentence;
  for (let changed = true; changed; ) {
    changed = false;
    for (const label of labels) {
      const re = new RegExp(`^(?:[\\d.]+\\s*)?${escapeRe(label).replace(/\\s+|\s+/g, '\\s+')}\\s+(?=\\S)`, 'i');
      const next = out.replace(re, '');
      if (next !== out && next.length > 0) {
        out = next;
        changed = true;
      }
    }
  }
  return out;
}

/**
 * Picks up to `max` sentences from the top passages (n = 1-based citation number), at most
 * two per passage, in the passages' rank order, each with a little context when it is short.
 */
export function pickSentences(question: string, hits: Hit[], max = 3): PickedSentence[] {
  const own = contentWords(question).map(stem);
  const picked: PickedSentence[] = [];
  hits.slice(0, 3).forEach((hit, i) => {
    // The terms retrieval matched in this passage (translations, parts, paraphrases), else the question's own words.
    const query = new Set(hit.matched.length ? hit.matched : own);
    const sentences = splitSentences(hit.text).map((x, idx) => (idx === 0 ? withoutHeadings(x, hit.section) : x));
    const scored = sentences
      .map((s, idx) => ({ s, idx, score: sentenceScore(s, query) }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, i === 0 ? 2 : 1)
      .sort((a, b) => a.idx - b.idx);
    if (scored.length === 0 && i === 0 && sentences.length > 0) scored.push({ s: sentences[0], idx: 0, score: 0.1 });
    for (const x of scored) {
      let sentence = x.s;
      // A sentence ending in ':' introduces a list: take the list with it.
      if (sentence.endsWith(':') && sentences[x.idx + 1]) sentence = `${sentence} ${sentences.slice(x.idx + 1, x.idx + 4).join(' ')}`;
      picked.push({ n: i + 1, sentence, score: x.score + (3 - i) * 0.01 });
    }
  });
  return picked.slice(0, max);
}
