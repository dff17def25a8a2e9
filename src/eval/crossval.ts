import type { Config } from '../config.js';
import { createAnswerer } from '../qa/pipeline.js';
import { type AnswerModel, DEFAULT_COMPOSE } from '../qa/model/model.js';
import type { Db } from '../storage/db.js';
import { answerRows, type EvalItem, type EvalReport, summarise } from './evaluate.js';
import { fitModel, gatherData, type QuestionData, questionFold } from './model-data.js';
import { EVAL_ASIDES, padded, readAsides } from './asides.js';

// k-fold cross-validation by question: the model is fitted on k − 1 folds and answers the questions of the fold it
// never saw. The same questions answered by the model fitted on everything show how much of the fit is memory.

export const FOLDS = 5;

/** A model that answers everything and ranks nothing: only for gathering features before any fit exists. */
export function blankModel(): AnswerModel {
  const zero = { bias: 0, features: [], threshold: 0 };
  return {
    about: '',
    fitted: { command: '', questions: 0, sentences: 0 },
    sentence: zero,
    answerable: zero,
    offTopic: { ...zero, threshold: 1 },
    compose: DEFAULT_COMPOSE,
  };
}

/**
 * `data`: the questions' features when already gathered (they do not depend on the model). Besides the questions as
 * written (`cv`), each fold's model also answers its questions with an aside it never saw (eval/asides.json): `asides`.
 */
export async function crossValidate(
  db: Db,
  config: Config,
  items: EvalItem[],
  data?: QuestionData[],
  k = FOLDS,
): Promise<{ cv: EvalReport; asides: EvalReport; fitted: EvalReport }> {
  data ??= await gatherData(createAnswerer(db, config, undefined, blankModel()), items);
  const asides = readAsides(EVAL_ASIDES);
  const rows = [];
  const paddedRows = [];
  for (let f = 0; f < k; f++) {
    const answerer = createAnswerer(db, config, undefined, fitModel(data.filter((d) => questionFold(d.item, k) !== f)));
    const test = items.filter((i) => questionFold(i, k) === f);
    rows.push(...(await answerRows(answerer, test)));
    paddedRows.push(...(await answerRows(answerer, test.map((i) => padded(i, asides)))));
  }
  const order = new Map(items.map((i, n) => [i.id, n]));
  const byItem = (a: { id: string }, b: { id: string }) => order.get(a.id)! - order.get(b.id)!;
  const fitted = await answerRows(createAnswerer(db, config, undefined, fitModel(data)), items);
  return { cv: summarise(rows.sort(byItem)), asides: summarise(paddedRows.sort(byItem)), fitted: summarise(fitted) };
}
