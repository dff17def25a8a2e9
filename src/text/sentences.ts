import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';

interface Salutations {
  greetings: string[];
  closings: string[];
  'before closings': string[];
  labels: string[];
}

let patterns: { opening: RegExp; closing: RegExp } | undefined;
/** "@Werktafel", "Hoi," "Vraag:" at the start; "Alvast bedankt!", "Groet, Anna" at the end (salutations.json). */
function salutations(): { opening: RegExp; closing: RegExp } {
  if (!patterns) {
    const file = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'knowledge', 'lexicon', 'salutations.json'), 'utf8')) as Salutations;
    const any = (words: string[]) => words.map((w) => w.replace(/\s+/g, '\\s+')).join('|');
    patterns = {
      opening: new RegExp(
        `^\\s*(?:@[\\p{L}\\d._-]+[,:]?\\s+)?(?:(?:${any(file.greetings)})(?:\\s+[\\p{L}@-]+)?\\s*[,!:]\\s*)?(?:(?:${any(file.labels)})\\s*:\\s*)?`,
        'iu',
      ),
      closing: new RegExp(
        `(?:^|(?<=[.!?])\\s+)(?:(?:${any(file['before closings'])})\\s+)?(?:${any(file.closings)})\\b[^.!?]*[.!?]*\\s*$`,
        'iu',
      ),
    };
  }
  return patterns;
}

/** The message without its address, opening greeting or label and closing thanks: they ask nothing. */
export function withoutSalutations(text: string): string {
  const { opening, closing } = salutations();
  const bare = withoutUnmarkedClosing(text.replace(opening, '').replace(closing, ''), closing);
  return bare.trim() ? bare : text;
}

/**
 * Thanks typed after a question left without its question mark ("… niet dakloos worden Dank je!"): no
 * sentence end before it, but its capital starts a sentence of its own.
 */
function withoutUnmarkedClosing(text: string, closing: RegExp): string {
  for (const m of text.matchAll(/\s+(?=\p{Lu})/gu)) {
    const rest = text.slice(m.index + m[0].length);
    if (closing.test(rest)) return text.slice(0, m.index);
  }
  return text;
}

/**
 * Where a sentence of a message ends: after a full stop, an exclamation or a question mark (typed in a chat, the next
 * may start in lower case); after one closed by a quote or bracket only when no lower-case word follows, for a quoted
 * title or question goes on ("in het magazine 'Zo doen we dat!' onder …", "is het 'Wat wil je?'-gesprek verplicht").
 */
const SENTENCE_END = /(?<=[.!?])\s+|(?<=[.!?][’'"”)]+)\s+(?!\p{Ll})/u;

const sentencesOfMessage = (text: string) =>
  text
    .split(SENTENCE_END)
    .map((s) => s.trim())
    .filter(Boolean);

/** The sentences of a text that end in a question mark, in order. */
export function questionSentences(text: string): string[] {
  return sentencesOfMessage(text).filter((s) => /\?[’'"”)]*$/.test(s));
}

/**
 * The asking sentences of a question ("Ik schrijf een notitie. Hoeveel …?" asks the second), and a last sentence left
 * without its question mark ("… Voor wie is het bedoeld"); all of it when no sentence asks.
 */
export function askingSentences(question: string): string {
  const q = withoutSalutations(question);
  const asking = questionSentences(q);
  const last = sentencesOfMessage(q).at(-1) ?? '';
  const unfinished = /[.!?][’'"”)]*$/.test(last) ? '' : last;
  if (unfinished.trim()) asking.push(unfinished);
  if (!asking.length) return q;
  // A term the member quoted before asking is what the question is about ("… they call it an 'omklapconstructie'. What is that?").
  const said = asking.join(' ');
  return [...asking, ...quotedTerms(q).filter((t) => !said.includes(t))].join(' ');
}

/**
 * The message up to its last question mark: what follows the question is a remark on it ("Sorry voor de spelfouten.",
 * "Mijn teamleider vroeg ernaar."), not what it asks about. A message without a question mark is all question.
 */
export function withoutRemarks(text: string): string {
  const end = text.lastIndexOf('?');
  return end < 0 ? text : text.slice(0, end + 1);
}

/** Phrases of three or more characters between quotes, as written. */
export function quotedTerms(text: string): string[] {
  return [...text.matchAll(/(?:^|[\s(])['‘"“]([^'’"”]{3,80})['’"”](?=$|[\s.,;:?!)])/g)].map((m) => m[1].trim());
}
