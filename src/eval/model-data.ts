import fs from 'node:fs';
import path from 'node:path';
import { log } from '../log.js';
import { PROJECT_ROOT } from '../paths.js';
import type { DocumentAnswerer } from '../qa/pipeline.js';
import { type Candidate, QUESTION_FEATURES, questionFeature, SENTENCE_FEATURES } from '../qa/model/features.js';
import { type Example, fitLogistic, foldOf, probability } from '../qa/model/fit.js';
import { type AnswerModel, type Compose, DEFAULT_COMPOSE, type Linear, logit } from '../qa/model/model.js';
import { selectParts } from '../qa/model/select.js';
import { ruledOut } from '../qa/model/evidence.js';
import { fitWordOdds, tableWords, type WordTables, wordSigns } from '../qa/model/word-odds.js';
import type { Source } from '../qa/compose.js';
import type { EvalItem } from './evaluate.js';
import { goldKey, normaliseForGold } from './gold.js';
import { padded, readAsides, TRAINING_ASIDES } from './asides.js';

// The answer model's data: every visible question, its candidate sentences (labelled by the gold sentence) and its
// question features (labelled answerable or not, off-topic or not). Fitting and cross-validation both start here.

/** The visible question sets: the shared ones and the project's own (eval/*.jsonl). */
export function visibleSets(): string[] {
  const shared = path.resolve(PROJECT_ROOT, '..', 'shared', 'eval');
  const own = path.join(PROJECT_ROOT, 'eval');
  const list = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => path.join(dir, f)) : []);
  // Without the shared sets a fit or an evaluation still runs, on fewer questions: say so, or its figures mislead.
  if (!fs.existsSync(shared)) log.warn({ dir: shared }, 'shared question sets not found: fitting and evaluating on eval/ only');
  return [...list(shared), ...list(own)];
}

export interface QuestionData {
  item: EvalItem;
  sentences: Example[];
  /** Question features with `best_sentence` still to fill in (it needs a sentence model). */
  question: number[];
  /** Candidate sentences' features, to recompute `best_sentence` under another sentence model. */
  candidates: number[][];
  /** Where each candidate stands (passage rank, sentence index) and its text: to compose answers while fitting. */
  places: { passage: number; idx: number; text: string }[];
  /** The gold sentence as `carriesGold` looks for it ('' when unanswerable). */
  key: string;
  /** The question's words the word tables read (`tableWords`). */
  words: string[];
  /** The question with a training aside: the word tables count each question once, as written. */
  aside: boolean;
}

const BEST = questionFeature('best_sentence');
const OFF_TOPIC_WORDS = questionFeature('offtopic_words');
const MISSING_WORDS = questionFeature('missing_words');

/**
 * The candidate in which the gold sentence starts: it holds the key, or the key begins in it and runs on into the
 * next sentence of its passage (a quote that crosses a sentence end). Read on from that sentence, the answer carries it.
 */
function startsGold(c: Candidate, all: Candidate[], key: string): boolean {
  if (!key) return false;
  const own = normaliseForGold(c.text);
  if (own.includes(key)) return true;
  const next = all.find((o) => o.source === c.source && o.idx === c.idx + 1);
  return !!next && normaliseForGold(`${c.text} ${next.text}`).includes(key) && !normaliseForGold(next.text).includes(key);
}

/**
 * Every question, and the same question with a training aside (same id, so always in the same fold): the fit learns
 * that words the documents lack in an aside do not make a question unanswerable.
 */
export async function gatherData(answerer: DocumentAnswerer, items: EvalItem[]): Promise<QuestionData[]> {
  const asides = readAsides(TRAINING_ASIDES);
  const out: QuestionData[] = [];
  for (const [item, aside] of items.flatMap((i): [EvalItem, boolean][] => [
    [i, false],
    [padded(i, asides), true],
  ])) {
    const { evidence } = await answerer.evidence(item.question, { k: 10 });
    const key = item.quote ? goldKey(item.quote) : '';
    // Every question weighs the same in the fit, however many candidate sentences it has.
    const w = 20 / Math.max(1, evidence.candidates.length);
    const sentences: Example[] = evidence.candidates.map((c) => ({ x: c.x, y: startsGold(c, evidence.candidates, key) ? 1 : 0, group: item.id, w }));
    const places = evidence.candidates.map((c) => ({ passage: evidence.sources.indexOf(c.source), idx: c.idx, text: c.text }));
    const words = tableWords(evidence.asked);
    out.push({ item, sentences, question: evidence.questionX(0), candidates: evidence.candidates.map((c) => c.x), places, key, words, aside });
  }
  return out;
}

export const isAnswerable = (d: QuestionData) => d.item.kind !== 'unanswerable';
export const isOffTopic = (d: QuestionData) => (d.item as EvalItem & { subkind?: string }).subkind === 'offtopic';

/**
 * The word tables, each question counted once as written (not again with its aside): off-topic questions against all
 * others, and facts the documents lack against questions they answer.
 */
function fitWords(data: QuestionData[]): WordTables {
  const plain = data.filter((d) => !d.aside);
  const table = (ds: QuestionData[], yes: (d: QuestionData) => boolean, about: string) =>
    fitWordOdds(ds.map((d) => ({ words: d.words, yes: yes(d) })), about);
  return {
    offTopic: table(plain, isOffTopic, 'Naive-Bayes log odds of each word (a folded content word of the question but for its names, in at least `minQuestions` fitted questions) to stand in an off-topic question rather than in any other; `offtopic_words` sums them over a question’s words.'),
    missing: table(
      plain.filter((d) => !isOffTopic(d)),
      (d) => !isAnswerable(d),
      'The same for questions asking a fact the documents lack, against questions they answer (off-topic ones left out); `missing_words` sums them.',
    ),
  };
}

/** Penalties of the three regressions (L2 on standardised features); small data wants firm penalties. */
export const PENALTY = { sentence: 30, answerable: 3, offTopic: 3 };

/**
 * A false abstention (a question the documents answer, refused) against the missed refusals, as shares of their
 * groups: at 1.5 one question wrongly refused costs about as much as one unanswerable question answered (a confident
 * answer from the wrong passage misleads a member as much as a refusal fails one).
 */
const COST = { falseAbstention: 1.5 };

interface Unseen {
  answerable: boolean;
  offTopic: boolean;
  /** Refused by a rule above the gates (`ruledOut`), whatever they say. */
  ruled: boolean;
  pAnswerable: number;
  pOffTopic: number;
}

/**
 * The two thresholds that cost least on training questions the gates did not see: abstain below the first on
 * p(answerable) or at or above the second on p(off-topic).
 */
function gateThresholds(rows: Unseen[]): { answerable: number; offTopic: number } {
  const grid = (from: number, to: number) => Array.from({ length: Math.round((to - from) * 100) + 1 }, (_, i) => Math.round((from + i / 100) * 100) / 100);
  const pos = rows.filter((r) => r.answerable).length || 1;
  const off = rows.filter((r) => r.offTopic).length || 1;
  const other = rows.filter((r) => !r.answerable && !r.offTopic).length || 1;
  let best = { answerable: 0.5, offTopic: 0.5, cost: Infinity };
  for (const ta of grid(0.05, 0.95))
    for (const to of grid(0.05, 0.95)) {
      const abstains = (r: Unseen) => r.ruled || r.pAnswerable < ta || r.pOffTopic >= to;
      const fa = rows.filter((r) => r.answerable && abstains(r)).length / pos;
      // Off-topic questions and missing facts weigh the same as groups, however many of each the sets hold.
      const missOff = rows.filter((r) => r.offTopic && !abstains(r)).length / off;
      const missOther = rows.filter((r) => !r.answerable && !r.offTopic && !abstains(r)).length / other;
      const cost = COST.falseAbstention * fa + (missOff + missOther) / 2;
      if (cost < best.cost - 1e-9) best = { answerable: ta, offTopic: to, cost };
    }
  return { answerable: best.answerable, offTopic: best.offTopic };
}

/** The signs the `answerable` gate keeps (QUESTION_FEATURES' `answers`). */
const ANSWERS = QUESTION_FEATURES.map((f) => f.answers ?? 0);

/** Folds inside the training questions: stacked features and thresholds come from questions a model did not see. */
const INNER_FOLDS = 5;
/** The inner fold of a question in one split of the training questions (each split hashes with its own name). */
const foldIn = (d: QuestionData, split: string) => foldOf(`${d.item.id}#${split}`, INNER_FOLDS);
const innerFold = (d: QuestionData) => foldIn(d, 'inner');
/** Splits of the training questions whose unseen probabilities choose the thresholds ('inner' is the stacking split). */
const THRESHOLD_SPLITS = ['inner', 'a', 'b', 'c'];

/**
 * A gathered question as `judge` reads it under these parts of a model: the sentence model's logit of each candidate,
 * the question's features with the best of them and the word tables' sums filled in, and the candidate the answer
 * would lead with.
 */
export function asJudged(
  d: QuestionData,
  sentence: Linear,
  words: WordTables | undefined,
): { x: number[]; lead?: number[]; logits: number[] } {
  const x = [...d.question];
  const logits = d.candidates.map((c) => logit(sentence, c));
  // The first of equal logits, as judge's stable sort puts it.
  const top = logits.indexOf(Math.max(...logits));
  x[BEST] = Math.max(-10, Math.min(10, logits[top] ?? -10));
  const signs = wordSigns(words, d.words);
  x[OFF_TOPIC_WORDS] = signs.offTopic;
  x[MISSING_WORDS] = signs.missing;
  return { x, lead: d.candidates[top], logits };
}

/**
 * Fits the three regressions and the two word tables on these questions. The sentence model's best logit and the
 * word tables' sums are features of the question models; for a training question they come from a sentence model
 * and word tables fitted without that question, and the abstention thresholds are chosen on probabilities of
 * questions the gates did not see. Otherwise all would look surer in the fit than they are on a new question.
 */
export function fitModel(data: QuestionData[], command = 'npm run fit'): AnswerModel {
  const sentenceRows = (ds: QuestionData[]) => ds.filter(isAnswerable).flatMap((d) => d.sentences);
  const sentence = fitLogistic(SENTENCE_FEATURES, sentenceRows(data), PENALTY.sentence);
  const stacked = new Map<QuestionData, number[]>();
  const unseenLogits = new Map<QuestionData, number[]>();
  for (let g = 0; g < INNER_FOLDS; g++) {
    const seen = data.filter((d) => innerFold(d) !== g);
    const m = fitLogistic(SENTENCE_FEATURES, sentenceRows(seen), PENALTY.sentence);
    const words = fitWords(seen);
    for (const d of data.filter((d) => innerFold(d) === g)) {
      const { x, logits } = asJudged(d, m, words);
      stacked.set(d, x);
      unseenLogits.set(d, logits);
    }
  }
  const row = (d: QuestionData, y: boolean): Example => ({ x: stacked.get(d)!, y: y ? 1 : 0, group: d.item.id });
  // Two gates, each a simple shape: `answerable` tells answered questions from facts the documents lack (off-topic
  // questions left out: they look nothing like either), `offTopic` tells questions about something else from all others.
  const fitGates = (ds: QuestionData[]) => ({
    answerable: fitLogistic(
      QUESTION_FEATURES,
      ds.filter((d) => !isOffTopic(d)).map((d) => row(d, isAnswerable(d))),
      PENALTY.answerable,
      undefined,
      ANSWERS,
    ),
    offTopic: fitLogistic(QUESTION_FEATURES, ds.map((d) => row(d, isOffTopic(d))), PENALTY.offTopic),
  });
  const { answerable, offTopic } = fitGates(data);
  // The thresholds come from the gates' probabilities on questions they did not see, over several splits of the
  // training questions: one split's probabilities make a flat cost curve whose lowest point wanders from fit to fit.
  const unseen: Unseen[] = [];
  for (const split of THRESHOLD_SPLITS) {
    for (let g = 0; g < INNER_FOLDS; g++) {
      const m = fitGates(data.filter((d) => foldIn(d, split) !== g));
      for (const d of data.filter((d) => foldIn(d, split) === g)) {
        const x = stacked.get(d)!;
        unseen.push({ answerable: isAnswerable(d), offTopic: isOffTopic(d), ruled: ruledOut(x), pAnswerable: probability(m.answerable, x), pOffTopic: probability(m.offTopic, x) });
      }
    }
  }
  const thresholds = gateThresholds(unseen);
  answerable.threshold = thresholds.answerable;
  offTopic.threshold = thresholds.offTopic;
  return {
    about:
      'The fitted answer model (src/qa/model): logistic regressions over standardised features (the `answerable` gate keeps the sign given as `answers`). `sentence` ranks the candidate sentences of the best passages; `answerable` tells questions the documents answer from facts they lack (abstain below its threshold); `offTopic` tells questions about something else altogether (abstain at or above its threshold, with the sentence on what the documents are about; a specific fact asked about a subject they discuss gets it only from 0.75, see `judge`); `words` are the fitted word tables of the features `offtopic_words` and `missing_words`; `compose` says how far an answer grows beyond its lead sentence. Fitted on every visible question and the same question with an aside (knowledge/model/asides.json); the thresholds cost least on training questions the gates did not see (four splits). Written by `npm run fit`; do not edit by hand.',
    fitted: { command, questions: new Set(data.map((d) => d.item.id)).size, sentences: sentenceRows(data).length },
    sentence,
    answerable,
    offTopic,
    words: fitWords(data),
    compose: chooseCompose(data.filter(isAnswerable), unseenLogits),
  };
}

/** The compositions the fit tries. */
const COMPOSE_GRID = { follow: [0.1, 0.2, 0.35, 0.5, 0.7], maxParts: [2, 3, 4, 6], readOn: [0.25, 0.5, 0.75, 1] };

/** Whether the answer composed from these logits carries the gold sentence. */
export function composedCarries(d: QuestionData, logits: number[], compose: Compose): boolean {
  const sources = new Map<number, Source>();
  const sourceOf = (p: number) => sources.get(p) ?? sources.set(p, { n: p + 1 } as Source).get(p)!;
  const ranked = d.places
    .map((p, i) => ({ source: sourceOf(p.passage), idx: p.idx, text: p.text, x: d.candidates[i], logit: logits[i] }))
    .sort((a, b) => b.logit - a.logit);
  return normaliseForGold(selectParts(ranked, compose, { question: d.question }).map((p) => p.text).join(' ')).includes(d.key);
}

/**
 * The composition that carries the gold sentence most often, judged with sentence logits of models that did not see
 * the question (ties: the earlier setting in the grid, the shorter answer).
 */
function chooseCompose(data: QuestionData[], logits: Map<QuestionData, number[]>): Compose {
  let best = { compose: DEFAULT_COMPOSE, carried: -1 };
  for (const maxParts of COMPOSE_GRID.maxParts)
    for (const readOn of COMPOSE_GRID.readOn)
      for (const follow of [...COMPOSE_GRID.follow].reverse()) {
        const compose = { follow, maxParts, readOn };
        const carried = data.filter((d) => d.key && composedCarries(d, logits.get(d)!, compose)).length;
        if (carried > best.carried) best = { compose, carried };
      }
  return best.compose;
}

/** The fold of a question in k-fold cross-validation: by its id, so every run splits the same way. */
export function questionFold(item: EvalItem, k: number): number {
  return foldOf(item.id, k);
}
