import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import type { DocumentAnswerer } from '../qa/pipeline.js';
import { QUESTION_FEATURES, SENTENCE_FEATURES } from '../qa/model/features.js';
import { type Example, fitLogistic, foldOf, probability } from '../qa/model/fit.js';
import { type AnswerModel, type Linear, logit } from '../qa/model/model.js';
import type { EvalItem } from './evaluate.js';
import { goldKey, normaliseForGold } from './gold.js';

// The answer model's data: every visible question, its candidate sentences (labelled by the gold sentence) and its
// question features (labelled answerable or not, off-topic or not). Fitting and cross-validation both start here.

/** The visible question sets: the shared ones and the project's own (eval/*.jsonl). */
export function visibleSets(): string[] {
  const shared = path.resolve(PROJECT_ROOT, '..', 'shared', 'eval');
  const own = path.join(PROJECT_ROOT, 'eval');
  const list = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => path.join(dir, f)) : []);
  return [...list(shared), ...list(own)];
}

export interface QuestionData {
  item: EvalItem;
  sentences: Example[];
  /** Question features with `best_sentence` still to fill in (it needs a sentence model). */
  question: number[];
  /** Candidate sentences' features, to recompute `best_sentence` under another sentence model. */
  candidates: number[][];
}

const BEST = QUESTION_FEATURES.findIndex((f) => f.name === 'best_sentence');

export async function gatherData(answerer: DocumentAnswerer, items: EvalItem[]): Promise<QuestionData[]> {
  const out: QuestionData[] = [];
  for (const item of items) {
    const { evidence } = await answerer.evidence(item.question, { k: 10 });
    const key = item.quote ? goldKey(item.quote) : '';
    // Every question weighs the same in the fit, however many candidate sentences it has.
    const w = 20 / Math.max(1, evidence.candidates.length);
    const sentences: Example[] = evidence.candidates.map((c) => ({
      x: c.x,
      y: key && normaliseForGold(c.text).includes(key) ? 1 : 0,
      group: item.id,
      w,
    }));
    out.push({ item, sentences, question: evidence.questionX(0), candidates: evidence.candidates.map((c) => c.x) });
  }
  return out;
}

const isAnswerable = (d: QuestionData) => d.item.kind !== 'unanswerable';
const isOffTopic = (d: QuestionData) => (d.item as EvalItem & { subkind?: string }).subkind === 'offtopic';

/** Penalties of the three regressions (L2 on standardised features); small data wants firm penalties. */
export const PENALTY = { sentence: 10, answerable: 3, offTopic: 3 };

/** A false abstention (a question the documents answer, refused) costs this many unanswerable questions answered. */
const COST = { falseAbstention: 3 };

/** The threshold on p(answerable) that costs least on training questions the model did not see. */
function answerableThreshold(rows: { y: 0 | 1; p: number }[]): number {
  let best = { t: 0.5, cost: Infinity };
  const pos = rows.filter((r) => r.y === 1).length || 1;
  const neg = rows.length - pos || 1;
  for (let t = 0.05; t <= 0.951; t += 0.01) {
    const fa = rows.filter((r) => r.y === 1 && r.p < t).length / pos;
    const miss = rows.filter((r) => r.y === 0 && r.p >= t).length / neg;
    const cost = COST.falseAbstention * fa + miss;
    if (cost < best.cost - 1e-9) best = { t, cost };
  }
  return Math.round(best.t * 100) / 100;
}

/** Folds inside the training questions: stacked features and thresholds come from questions a model did not see. */
const INNER_FOLDS = 5;
const innerFold = (d: QuestionData) => foldOf(`${d.item.id}#inner`, INNER_FOLDS);

/**
 * Fits the three regressions on these questions. The sentence model's best logit is a feature of the question models;
 * for a training question it comes from a sentence model fitted without that question, and the abstention threshold
 * is chosen on probabilities of questions the answerable model did not see. Otherwise both would look surer in the
 * fit than they are on a new question.
 */
export function fitModel(data: QuestionData[], command = 'npm run fit'): AnswerModel {
  const sentenceRows = (ds: QuestionData[]) => ds.filter(isAnswerable).flatMap((d) => d.sentences);
  const sentence = fitLogistic(SENTENCE_FEATURES, sentenceRows(data), PENALTY.sentence);
  const withBest = (d: QuestionData, m: Linear) => {
    const x = [...d.question];
    x[BEST] = Math.max(-10, Math.min(10, Math.max(-10, ...d.candidates.map((c) => logit(m, c)))));
    return x;
  };
  const stacked = new Map<QuestionData, number[]>();
  for (let g = 0; g < INNER_FOLDS; g++) {
    const m = fitLogistic(SENTENCE_FEATURES, sentenceRows(data.filter((d) => innerFold(d) !== g)), PENALTY.sentence);
    for (const d of data.filter((d) => innerFold(d) === g)) stacked.set(d, withBest(d, m));
  }
  const row = (d: QuestionData, y: boolean) => ({ x: stacked.get(d)!, y: (y ? 1 : 0) as 0 | 1, group: d.item.id });
  const qRows = data.map((d) => row(d, isAnswerable(d)));
  const answerable = fitLogistic(QUESTION_FEATURES, qRows, PENALTY.answerable);
  const unseen: { x: number[]; y: 0 | 1; p: number }[] = [];
  for (let g = 0; g < INNER_FOLDS; g++) {
    const m = fitLogistic(QUESTION_FEATURES, data.filter((d) => innerFold(d) !== g).map((d) => row(d, isAnswerable(d))), PENALTY.answerable);
    for (const d of data.filter((d) => innerFold(d) === g)) unseen.push({ ...row(d, isAnswerable(d)), p: probability(m, stacked.get(d)!) });
  }
  answerable.threshold = answerableThreshold(unseen);
  const offTopic = fitLogistic(
    QUESTION_FEATURES,
    data.filter((d) => !isAnswerable(d)).map((d) => row(d, isOffTopic(d))),
    PENALTY.offTopic,
  );
  offTopic.threshold = 0.5;
  return {
    about:
      'The fitted answer model (src/qa/model): logistic regressions over standardised features. `sentence` ranks the candidate sentences of the best passages; `answerable` decides whether the documents answer at all (abstain below its threshold); `offTopic` tells, of the questions not answered, those about something else altogether. Written by `npm run fit`; do not edit by hand.',
    fitted: { command, questions: data.length, sentences: sentenceRows(data).length },
    sentence,
    answerable,
    offTopic,
  };
}

/** The fold of a question in k-fold cross-validation: by its id, so every run splits the same way. */
export function questionFold(item: EvalItem, k: number): number {
  return foldOf(item.id, k);
}
