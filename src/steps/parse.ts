import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import { stripPrefix } from '../core/grammar.js';
import { normCode } from './definitions.js';

// What a message in a step thread asks for. Item codes look like "D2" or "A-D1"; case and the
// hyphen are forgiven ("a-d1", "AD1"), matching happens against the definitions later.

const CODE = String.raw`[A-Za-z]{1,3}(?:-[A-Za-z]{1,3})?\d{1,3}`;
/**
 * How people mark the item a line answers: "D4:", "D4 :", "d4:", "D4.", "D4)", "D4 -", "(D4)" (also "(D4):").
 * A dot counts only before a space, so "D4.5" is no code. The mark is never part of the stored text.
 */
const MARK = String.raw`(?:\((${CODE})\)\s*[:.\-–—]?|(${CODE})(?:\s*[:)]|\.(?=\s|$)|\s+[-–—](?=\s|$)))`;
const ANSWER_LINE = new RegExp(String.raw`^\s*(?:[-*•]\s*)?${MARK}\s*(.*)$`);
const HELP = [
  new RegExp(String.raw`^(?:help|hulp|bronnen|sources|documenten|documents)\s+(${CODE})\s*\??$`, 'i'),
  new RegExp(String.raw`^(${CODE})\s*\?$`, 'i'),
  new RegExp(String.raw`^wat zeggen de documenten (?:over|bij) (${CODE})\s*\??$`, 'i'),
  new RegExp(String.raw`^what do the documents say (?:about|on) (${CODE})\s*\??$`, 'i'),
];
const DRAFT = new RegExp(String.raw`^(concept|concept-analyse|conceptanalyse|draft)(?:\s+(${CODE}))?\s*$`, 'i');
/** "D2 intrekken": withdraw one's own latest answer to D2. */
const WITHDRAW = new RegExp(String.raw`^\(?(${CODE})\)?\s*[:.]?\s*(?:intrekken|terugtrekken|verwijderen|withdraw|retract)\s*[.!]?$`, 'i');
/** "D2 wijzigen: …", "D2: correctie: …": replace one's own latest answer to D2. */
const REPLACE = new RegExp(
  String.raw`^\(?(${CODE})\)?\s*[:.]?\s*(?:wijzigen|wijziging|correctie|corrigeren|aanpassen|vervangen|change|correction|correct)\s*:\s*([\s\S]*)$`,
  'i',
);
/** "W3 Skaeve Huse …": a code and text without a colon (only taken in a step's own thread). */
const LOOSE = new RegExp(String.raw`^(${CODE})\s+(\S[\s\S]*)$`);

export interface AnswerSegment {
  code: string;
  text: string;
}

export type ThreadIntent =
  | { kind: 'answers'; segments: AnswerSegment[] }
  | { kind: 'help'; code: string }
  | { kind: 'draft'; code?: string; en: boolean }
  | { kind: 'withdraw'; code: string }
  | { kind: 'replace'; code: string; text: string }
  /** Code and text without a colon or dash: an answer in a step thread, left alone elsewhere. */
  | { kind: 'loose'; segment: AnswerSegment };

/**
 * Lines that start with a code open an answer; the lines after it (until the next code) belong to it.
 * Text before the first code means the message is not an answer.
 */
export function parseAnswers(text: string): AnswerSegment[] {
  const segments: AnswerSegment[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = line.match(ANSWER_LINE);
    if (m) segments.push({ code: m[1] ?? m[2], text: m[3].trim() });
    else if (segments.length > 0) segments[segments.length - 1].text += `\n${line}`;
    else if (line.trim()) return [];
  }
  return segments.map((s) => ({ ...s, text: s.text.trim() }));
}

export function parseThreadMessage(raw: string): ThreadIntent | null {
  const text = stripPrefix(raw).trim();
  for (const re of HELP) {
    const m = text.match(re);
    if (m) return { kind: 'help', code: m[1] };
  }
  const d = text.match(DRAFT);
  if (d) return { kind: 'draft', code: d[2], en: d[1].toLowerCase() === 'draft' };
  const w = text.match(WITHDRAW);
  if (w) return { kind: 'withdraw', code: w[1] };
  const r = text.match(REPLACE);
  if (r) return { kind: 'replace', code: r[1], text: r[2].trim() };
  const segments = parseAnswers(text);
  if (segments.length) return { kind: 'answers', segments };
  const l = text.match(LOOSE);
  return l ? { kind: 'loose', segment: { code: l[1], text: l[2].trim() } } : null;
}

/**
 * A text typed for a chosen item (card field, "which item?" button) without the item's own mark:
 * "D4. Jongeren zeggen zelf: …" chosen as D4 is stored as "Jongeren zeggen zelf: …".
 */
export function withoutItemMark(text: string, code: string): string {
  const trimmed = text.trim();
  const [first, ...rest] = trimmed.split(/\r?\n/);
  const m = first.match(ANSWER_LINE);
  const loose = m ? null : trimmed.match(LOOSE);
  const found = m ? (m[1] ?? m[2]) : loose?.[1];
  if (!found || normCode(found) !== normCode(code)) return trimmed;
  const body = m ? [m[3], ...rest].join('\n') : loose![2];
  return body.trim();
}

const QUESTION_WORDS: Set<string> = (() => {
  const file = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'knowledge', 'lexicon', 'question-words.json'), 'utf8')) as Record<
    string,
    string[] | string
  >;
  return new Set([...(file.nl as string[]), ...(file.en as string[])]);
})();

/** A question mark, or a first word that opens a question ("Wat …", "How …"): for the documents, not an answer. */
export function looksLikeQuestion(text: string): boolean {
  const t = stripPrefix(text).trim();
  if (/\?\s*$/.test(t)) return true;
  const first =
    t
      .split(/\s+/)[0]
      ?.toLowerCase()
      .replace(/[^a-zà-ÿ]/g, '') ?? '';
  return QUESTION_WORDS.has(first);
}
