import { t } from './i18n.js';
import type { Button, Language } from './types.js';

// The 👍/👎 feedback protocol, encoded and decoded here only. A button's value is "<answerId>:up|down[:en]".

export const FEEDBACK_ACTION = 'feedback.vote';
export type Vote = 'up' | 'down';

export function feedbackValue(answerId: string, vote: Vote, lang: Language): string {
  return `${answerId}:${vote}${lang === 'en' ? ':en' : ''}`;
}

export function parseFeedbackValue(value: string): { answerId: string; vote: Vote | null; lang: Language } {
  const [answerId = '', vote] = value.split(':');
  return { answerId, vote: vote === 'up' || vote === 'down' ? vote : null, lang: actionLanguage(value) };
}

/** Every action value the core issues ends in ":en" when the card is English. */
export function actionLanguage(value: string): Language {
  return value.endsWith(':en') ? 'en' : 'nl';
}

/** The prompt and the two buttons under an answer. */
export function feedbackPrompt(answerId: string, lang: Language): { prompt: string; buttons: Button[] } {
  return {
    prompt: t(lang, 'reply.feedback_prompt'),
    buttons: [
      { label: t(lang, 'reply.helpful'), action: FEEDBACK_ACTION, value: feedbackValue(answerId, 'up', lang) },
      { label: t(lang, 'reply.not_helpful'), action: FEEDBACK_ACTION, value: feedbackValue(answerId, 'down', lang) },
    ],
  };
}

/** message_refs kind that maps a posted answer message to its answer (platforms whose own feedback dialog names the message). */
export const ANSWER_REF = 'answer';

/** What an answer message's reference holds. */
export interface AnswerRef {
  answerId: string;
  language: string;
}
