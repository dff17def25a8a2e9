import { route, type Command, type Context, type Feature } from '../core/feature.js';
import { randomUUID } from 'node:crypto';
import { apologise } from '../core/apology.js';
import { t } from '../core/i18n.js';
import type { Reply } from '../core/types.js';
import { TextChannel } from '../core/stream.js';
import { type Answer, type AskOptions, shownAnswer } from './answerer.js';
import { contentWords, stem } from '../retrieval/analyzer.js';
import { askingSentences, withoutSalutations } from '../text/sentences.js';
import { separateQuestions } from './specific.js';
import { questionForm } from '../retrieval/asked.js';

const MAX_QUESTION = 1000;
/** Separate questions of one message answered (a longer list is a questionnaire, not a chat message). */
const MAX_SEPARATE = 3;

/** A note of the group that holds at least this share of the asking words answers the question itself. */
const NOTE_ANSWERS = 0.75;

function answersQuestion(question: string, note: string): boolean {
  const asked = new Set(contentWords(askingSentences(question)).map(stem));
  const has = new Set(contentWords(note).map(stem));
  return asked.size > 0 && [...asked].filter((w) => has.has(w)).length / asked.size >= NOTE_ANSWERS;
}

/** Answers a question for a group: widens retrieval with the features' terms, stores the answer for feedback. */
export async function answerInGroup(ctx: Context, question: string): Promise<Reply[]> {
  const { services, lang } = ctx;
  if (question.length > MAX_QUESTION) {
    return [{ text: t(lang, 'error.too_long', { length: question.length, max: MAX_QUESTION }), language: lang }];
  }
  // A message without a word to look for ("?", "Wat?", an emoji) asks nothing yet: say how to ask, not "off-topic".
  if (contentWords(withoutSalutations(question)).length === 0) return [{ text: t(lang, 'qa.empty'), language: lang }];
  const askFor = async (q: string): Promise<AskOptions> => ({
    language: lang,
    extraTerms: (await Promise.all(services.answerHooks.map((h) => h.expandQuestion?.(ctx, q) ?? []))).flat(),
    group: ctx.groupId,
  });
  // Several questions in one message, each about its own subject: one answer each, in order (not streamed).
  const separate = separateQuestions(withoutSalutations(question));
  if (separate.length > 1) {
    const replies: Reply[] = [];
    const shown = separate.slice(0, MAX_SEPARATE);
    for (const [i, q] of shown.entries()) {
      const heading = t(lang, 'qa.separate', { n: i + 1, total: shown.length, question: q });
      replies.push(await answerReply(ctx, q, await services.qa.answer(q, await askFor(q)), heading));
    }
    return replies;
  }
  const ask = await askFor(question);
  if (ctx.canStream && services.config.llm && services.config.llm.stream !== false) {
    // Shown while the model writes; the final reply (stored, with sources) is what stays.
    const deltas = new TextChannel();
    const final = services.qa
      .answer(question, { ...ask, onText: (d) => deltas.push(d) })
      .then((answer) => {
        deltas.end();
        return answerReply(ctx, question, answer);
      })
      .catch((err: unknown): Reply => ({
        text: apologise(err, lang, { group: ctx.groupId, platform: ctx.msg.platform }, 'streamed answer failed'),
        language: lang,
      }))
      .finally(() => deltas.end());
    return [{ text: '', language: lang, stream: { deltas, final } }];
  }
  return [await answerReply(ctx, question, await services.qa.answer(question, ask))];
}

/** The answer as a reply: stored for feedback, with its notice and the features' annotations. */
async function answerReply(ctx: Context, question: string, answer: Answer, heading?: string): Promise<Reply> {
  const { services } = ctx;
  // A definition question leads with the group's agreed definition, then the documents' (the answer itself).
  const leads =
    questionForm(question) === 'definition' && !answer.abstained
      ? (await Promise.all(services.answerHooks.map((h) => h.leadDefinition?.(ctx, question) ?? []))).flat()
      : [];
  const annotations = (await Promise.all(services.answerHooks.map((h) => h.annotateAnswer?.(ctx, question) ?? [])))
    .flat()
    .filter((a) => !leads.includes(a));
  // The group's own decision that answers the question goes first; the documents follow it.
  const answering = annotations.filter((a) => answersQuestion(question, a));
  const id = await storeAnswer(ctx, answer);
  const parts = [...(heading ? [heading] : []), ...leads, ...answering, shownAnswer(answer)];
  if (answer.notice) parts.push(`_${answer.notice}_`);
  parts.push(...annotations.filter((a) => !answering.includes(a)));
  return {
    text: parts.join('\n\n'),
    language: answer.language,
    citations: answer.citations,
    answerId: id,
    aiGenerated: answer.generated,
  };
}

async function storeAnswer(ctx: Context, a: Answer): Promise<string> {
  const id = randomUUID();
  await ctx.services.db.query(
    `INSERT INTO answers (id, group_id, user_id, question, language, abstained, generated, answer, citations, passage_ids)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      id,
      ctx.groupId,
      ctx.member.userId,
      a.question,
      a.language,
      a.abstained,
      a.generated,
      a.answer,
      JSON.stringify(a.citations),
      a.citations.map((c) => c.passageId).filter((n): n is number => typeof n === 'number'),
    ],
  );
  return id;
}

const vraag: Command = {
  name: 'vraag',
  helpKey: 'qa.help',
  run: (ctx) => answerInGroup(ctx, ctx.args),
};

/** `vraag …`, and the one fallback: whatever no command or other handler took is a question. */
export const qaFeature: Feature = {
  name: 'qa',
  commands: [vraag],
  handlers: [route.fallback((ctx) => answerInGroup(ctx, ctx.msg.text.trim()))],
};
