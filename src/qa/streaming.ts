import type { Language } from '../core/types.js';
import type { Llm } from '../llm/client.js';
import type { Citation } from '../core/types.js';
import { answerMessages, type Generated, judgeAnswer, keepGivenMarkers, NOT_FOUND, tidyPunctuation } from './generative.js';

// The generated answer as it is written. Every piece passes the citation check before anyone sees
// it: a marker is only let through once it is complete, and then only with numbers of passages the
// model was given.

/** A tail that may still grow into a marker: "[", "[1", "[1, 2", "[doc" … */
const OPEN_MARKER = /\[(?:d(?:o(?:cs?)?)?)?[\d\s,;]*$/i;

/** Checks model text piece by piece; `push` returns what may be shown now. */
export class StreamingCitationCheck {
  private pending = '';
  private shown = '';
  private silenced = false;

  constructor(private readonly given: number) {}

  push(piece: string): string {
    if (this.silenced) return '';
    const text = this.pending + piece;
    // The abstention word (or its beginning) is never shown: it ends the visible stream.
    if (text.includes(NOT_FOUND)) {
      this.silenced = true;
      return '';
    }
    let cut = text.length;
    const marker = OPEN_MARKER.exec(text);
    if (marker) cut = marker.index;
    const word = heldPrefixOf(text.slice(0, cut), NOT_FOUND);
    if (word) cut -= word;
    // Trailing spaces wait too: a dropped marker after them takes them along, as in the whole-text check.
    cut = text.slice(0, cut).replace(/[ \t]+$/, '').length;
    this.pending = text.slice(cut);
    let out = tidyPunctuation(keepGivenMarkers(text.slice(0, cut), this.given));
    if (!this.shown) out = out.trimStart();
    this.shown += out;
    return out;
  }

  /** The model finished: what is still held back (an unclosed "[" is plain text by now). */
  end(): string {
    const rest = this.silenced ? '' : tidyPunctuation(keepGivenMarkers(this.pending, this.given));
    this.pending = '';
    this.shown += rest;
    return rest;
  }
}

/** Length of the longest end of `text` that begins `word` (so it might still become it). */
function heldPrefixOf(text: string, word: string): number {
  for (let n = Math.min(word.length - 1, text.length); n > 0; n--) if (text.endsWith(word.slice(0, n))) return n;
  return 0;
}

/**
 * Streams the answer to `onText` while the model writes it; resolves with the same judgement as a
 * whole answer (so abstentions and citations are decided on the full text). Throws when the model
 * fails or stalls midway; the caller replaces whatever was shown.
 */
export async function streamAnswer(
  llm: Llm,
  question: string,
  lang: Language,
  passages: Citation[],
  onText: (delta: string) => void,
  stallMs?: number,
): Promise<Generated> {
  const check = new StreamingCitationCheck(passages.length);
  let raw = '';
  for await (const piece of llm.stream(answerMessages(question, lang, passages), { stallMs })) {
    raw += piece;
    const shown = check.push(piece);
    if (shown) onText(shown);
  }
  const rest = check.end();
  if (rest) onText(rest);
  return judgeAnswer(raw.trim(), passages.length);
}
