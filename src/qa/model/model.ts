import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../paths.js';
import type { Feature } from './features.js';
import type { WordTables } from './word-odds.js';

// Applies the fitted answer model (knowledge/model/answer-model.json, written by `npm run fit`): three logistic
// regressions over standardised features, two of which read word tables (word-odds.ts). Fitting is in
// src/qa/model/fit.ts and src/eval/model-data.ts.

export interface FittedFeature extends Feature {
  mean: number;
  std: number;
  weight: number;
}

export interface Linear {
  bias: number;
  features: FittedFeature[];
  /** The probability at or above which the answer is yes (answerable, off-topic). */
  threshold?: number;
}

export interface AnswerModel {
  about: string;
  fitted: { command: string; questions: number; sentences: number };
  /** Does this sentence carry the answer? */
  sentence: Linear;
  /** Do the documents answer this question? */
  answerable: Linear;
  /** Of the questions the documents do not answer: is it about something else altogether? */
  offTopic: Linear;
  /** Which words off-topic questions and facts the documents lack use (features `offtopic_words`, `missing_words`). */
  words?: WordTables;
  /** How far the answer grows beyond its lead sentence (chosen by the fit; see select.ts). */
  compose: Compose;
}

/**
 * How far an answer grows beyond its lead (src/qa/model/select.ts); `npm run fit` chooses these on questions the
 * sentence model did not see.
 */
export interface Compose {
  /** A later sentence joins when its probability is at least this share of the lead's. */
  follow: number;
  maxParts: number;
  /** The lead reads on in its passage (the next sentences often complete it), up to this share of the budget. */
  readOn: number;
}

/** Before any fit (the blank model that gathers the features). */
export const DEFAULT_COMPOSE: Compose = { follow: 0.35, maxParts: 4, readOn: 0.75 };

export const MODEL_FILE = path.join(PROJECT_ROOT, 'knowledge', 'model', 'answer-model.json');

let cached: AnswerModel | undefined;

export function answerModel(): AnswerModel {
  cached ??= JSON.parse(fs.readFileSync(MODEL_FILE, 'utf8')) as AnswerModel;
  return cached;
}

export function logit(m: Linear, x: number[]): number {
  return m.features.reduce((z, f, i) => z + (f.weight * (x[i] - f.mean)) / f.std, m.bias);
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
