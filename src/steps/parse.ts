import { stripPrefix } from '../core/grammar.js';

// What a message in a step thread asks for. Item codes look like "D2" or "A-D1"; case and the
// hyphen are forgiven ("a-d1", "AD1"), matching happens against the definitions later.

const CODE = String.raw`[A-Za-z]{1,3}(?:-[A-Za-z]{1,3})?\d{1,3}`;
const ANSWER_LINE = new RegExp(String.raw`^\s*(?:[-*•]\s*)?(${CODE})\s*(?::|\s[-–—]\s)\s*(.*)$`);
const HELP = [
  new RegExp(String.raw`^(?:help|hulp|bronnen|sources|documenten|documents)\s+(${CODE})\s*\??$`, 'i'),
  new RegExp(String.raw`^(${CODE})\s*\?$`, 'i'),
  new RegExp(String.raw`^wat zeggen de documenten (?:over|bij) (${CODE})\s*\??$`, 'i'),
  new RegExp(String.raw`^what do the documents say (?:about|on) (${CODE})\s*\??$`, 'i'),
];
const DRAFT = new RegExp(String.raw`^(concept|concept-analyse|conceptanalyse|draft)(?:\s+(${CODE}))?\s*$`, 'i');

export interface AnswerSegment {
  code: string;
  text: string;
}

export type ThreadIntent =
  | { kind: 'answers'; segments: AnswerSegment[] }
  | { kind: 'help'; code: string }
  | { kind: 'draft'; code?: string; en: boolean };

/**
 * Lines that start with a code open an answer; the lines after it (until the next code) belong to it.
 * Text before the first code means the message is not an answer.
 */
export function parseAnswers(text: string): AnswerSegment[] {
  const segments: AnswerSegment[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = line.match(ANSWER_LINE);
    if (m) segments.push({ code: m[1], text: m[2].trim() });
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
  const segments = parseAnswers(text);
  return segments.length ? { kind: 'answers', segments } : null;
}
