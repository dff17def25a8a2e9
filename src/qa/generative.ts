import type { Citation, Language } from '../core/types.js';
import type { Llm } from '../llm/client.js';
import { type ChatMessage, fencedMessages } from '../llm/prompts.js';
import { sourceLabel } from '../core/source-label.js';

export const NOT_FOUND = 'NIET_IN_DOCUMENTEN';

export interface Generated {
  text: string;
  abstained: boolean;
  /** Citation numbers the text uses, all within the passages given. */
  used: number[];
  /** Markers that pointed to passages the model was not given, removed from the text. */
  removed: number[];
}

/**
 * The messages for an answer: the rules (prompts/answer.<lang>.md) as the system message; the question and the
 * numbered passages fenced as data in the user message. The one place a prompt for an answer is built.
 */
export function answerMessages(question: string, lang: Language, passages: Citation[]): ChatMessage[] {
  const numbered = passages.map((c) => `[${c.n}] ${sourceLabel(c, lang)}\n${c.text}`).join('\n\n');
  return fencedMessages(`answer.${lang}`, { language_name: lang === 'en' ? 'English' : 'Nederlands' }, [
    ['question', question],
    ['passages', numbered],
  ]);
}

/** Asks the model for an answer from the numbered passages only, then checks every [n] it wrote. */
export async function generateAnswer(
  llm: Llm,
  question: string,
  lang: Language,
  passages: Citation[],
  timeoutMs?: number,
): Promise<Generated> {
  const raw = await llm.chat(answerMessages(question, lang, passages), { timeoutMs });
  return judgeAnswer(raw, passages.length);
}

/** The model's whole text → the checked answer, or an abstention. */
export function judgeAnswer(raw: string, given: number): Generated {
  if (!raw || raw.includes(NOT_FOUND)) return { text: '', abstained: true, used: [], removed: [] };
  return checkCitations(raw, given);
}

/** Removes [n] markers outside 1..given; a text left with no valid marker is not grounded. */
export function checkCitations(raw: string, given: number): Generated {
  const used = new Set<number>();
  const removed = new Set<number>();
  const text = tidyPunctuation(keepGivenMarkers(raw, given, used, removed)).trim();
  return { text, abstained: used.size === 0, used: [...used].sort((a, b) => a - b), removed: [...removed] };
}

/** Rewrites every [n] / [n, m] marker to the numbers within 1..given; records what was kept and dropped. */
export function keepGivenMarkers(raw: string, given: number, used = new Set<number>(), removed = new Set<number>()): string {
  // "[doc3]" too: Teams turns it into a citation [3] by itself.
  return raw.replace(/\[(?:docs?)?(\d+(?:\s*[,;]\s*\d+)*)\]/gi, (_m, list: string) => {
    const kept = list
      .split(/[,;]/)
      .map((s) => Number(s.trim()))
      .filter((n) => {
        const ok = Number.isInteger(n) && n >= 1 && n <= given;
        (ok ? used : removed).add(n);
        return ok;
      });
    return kept.map((n) => `[${n}]`).join('');
  });
}

/** A removed marker leaves "text ." behind: no space before punctuation. */
export function tidyPunctuation(text: string): string {
  return text.replace(/[ \t]+([.,;:])/g, '$1');
}
