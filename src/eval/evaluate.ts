import fs from 'node:fs';
import type { Answer, Answerer } from '../qa/answerer.js';
import { carriesGold, quotesReference } from './gold.js';
import { MAX_CITATION_LINES } from '../retrieval/ranking.js';
import { CONTEXT_PASSAGES } from '../qa/context.js';

// Scores a question set in the format of shared/eval/dev.jsonl.

export interface EvalItem {
  id: string;
  lang: 'nl' | 'en';
  question: string;
  doc: string;
  line: number;
  kind: string;
  document?: string;
  /** The document's sentence that answers the question; its first six words are the gold sentence. */
  quote?: string;
  /** For unanswerable questions: 'offtopic' (about something else) or 'missing-fact'. */
  subkind?: string;
}

/** A citation counts only when it is precise: the gold document, containing the gold line, at most MAX_CITATION_LINES long. */
export { MAX_CITATION_LINES };

export interface EvalRow {
  id: string;
  lang: string;
  kind: string;
  subkind?: string;
  abstained: boolean;
  /** Which refusal sentence (`Answer.refusal`), when abstained. */
  refusal?: string;
  /** 1-based rank of the gold passage among the retrieved ones, or null. */
  rank: number | null;
  /** The gold line stands in one of the passages a model reads (`context`). */
  inContext?: boolean;
  /** The answer text (at most ANSWER_CHARS before the sources) carries the gold sentence. */
  carries?: boolean;
  /** The answer text quotes a reference-list or footnote line. */
  quotesReference?: boolean;
  ms: number;
}

/** An answer longer than this (before the sources) is no answer a member reads: it counts as a miss. */
export const ANSWER_CHARS = 900;

/** Scores of answerable questions. */
export interface AnswerScores {
  n: number;
  hit1: number;
  hit5: number;
  mrr10: number;
  /** The gold line among the passages a model reads (`context`: at most CONTEXT_PASSAGES). */
  contextRecall: number;
  /** Share of answers whose text carries the gold sentence. */
  gold: number;
  /** Share refused although the documents answer. */
  falseAbstention: number;
  /** Answers quoting a reference-list or footnote line. */
  referenceQuotes: number;
}

export interface EvalReport {
  all: AnswerScores;
  byLang: Record<string, AnswerScores>;
  byKind: Record<string, AnswerScores>;
  /** Abstention rates of the unanswerable questions: all, off-topic, and the others (facts the documents lack). */
  abstained: { all: Rate; offTopic: Rate; other: Rate; byLang: Record<string, Rate> };
  /** Of the refused off-topic questions and of the other refused unanswerable ones: how many read the off-topic
   *  sentence (right for the first, wrong for the second: a missing fact's sentence names what is missing). */
  offTopicSentence: { offTopic: Rate; other: Rate };
  latency: { p50: number; p95: number };
  rows: EvalRow[];
}

export interface Rate {
  n: number;
  count: number;
  rate: number;
}

export function readEvalSet(file: string): EvalItem[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalItem);
}

/** Rank of the gold passage among the passages retrieval found (what a language model reads, in order). */
export function hitRank(item: EvalItem, answer: Pick<Answer, 'retrieved'>): number | null {
  const idx = answer.retrieved.findIndex((c) => holdsGoldLine(item, c) && c.lines[1] - c.lines[0] + 1 <= MAX_CITATION_LINES);
  return idx < 0 ? null : idx + 1;
}

/** A passage of the gold document whose lines hold the gold line. */
const holdsGoldLine = (item: EvalItem, c: { file: string; document: string; lines: [number, number] }) =>
  (c.file === item.doc || c.document === item.document) && c.lines[0] <= item.line && item.line <= c.lines[1];

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function scores(rows: EvalRow[]): AnswerScores {
  const n = rows.length || 1;
  const within = (k: number) => rows.filter((r) => r.rank !== null && r.rank <= k).length / n;
  return {
    n: rows.length,
    hit1: within(1),
    hit5: within(5),
    mrr10: rows.reduce((s, r) => s + (r.rank !== null && r.rank <= 10 ? 1 / r.rank : 0), 0) / n,
    contextRecall: rows.filter((r) => r.inContext).length / n,
    gold: rows.filter((r) => r.carries).length / n,
    falseAbstention: rows.filter((r) => r.abstained).length / n,
    referenceQuotes: rows.filter((r) => r.quotesReference).length,
  };
}

function rate(rows: EvalRow[], counts: (r: EvalRow) => boolean = (r) => r.abstained): Rate {
  const count = rows.filter(counts).length;
  return { n: rows.length, count, rate: rows.length ? count / rows.length : 1 };
}

const readsOffTopic = (r: EvalRow) => r.refusal === 'off_topic';

function by<T>(rows: EvalRow[], key: (r: EvalRow) => string, f: (rows: EvalRow[]) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of [...new Set(rows.map(key))].sort()) out[k] = f(rows.filter((r) => key(r) === k));
  return out;
}

export function summarise(rows: EvalRow[]): EvalReport {
  const answerable = rows.filter((r) => r.kind !== 'unanswerable');
  const unanswerable = rows.filter((r) => r.kind === 'unanswerable');
  const refused = unanswerable.filter((r) => r.abstained);
  const ms = rows.map((r) => r.ms);
  return {
    all: scores(answerable),
    byLang: by(answerable, (r) => r.lang, scores),
    byKind: by(answerable, (r) => r.kind, scores),
    abstained: {
      all: rate(unanswerable),
      offTopic: rate(unanswerable.filter((r) => r.subkind === 'offtopic')),
      other: rate(unanswerable.filter((r) => r.subkind !== 'offtopic')),
      byLang: by(unanswerable, (r) => r.lang, rate),
    },
    offTopicSentence: {
      offTopic: rate(refused.filter((r) => r.subkind === 'offtopic'), readsOffTopic),
      other: rate(refused.filter((r) => r.subkind !== 'offtopic'), readsOffTopic),
    },
    latency: { p50: percentile(ms, 50), p95: percentile(ms, 95) },
    rows,
  };
}

/** Scores one answer to one question. */
export function scoreAnswer(item: EvalItem, a: Answer, ms: number): EvalRow {
  // The whole answer field: what a member reads before the sources ("Zie ook" is with the sources, `seeAlso`).
  const text = a.answer;
  return {
    id: item.id,
    lang: item.lang,
    kind: item.kind,
    ...(item.subkind ? { subkind: item.subkind } : {}),
    abstained: a.abstained,
    ...(a.refusal ? { refusal: a.refusal } : {}),
    rank: hitRank(item, a),
    inContext: a.context.some((c) => holdsGoldLine(item, c)),
    carries: text.length <= ANSWER_CHARS && carriesGold({ answer: text, abstained: a.abstained }, item.quote),
    quotesReference: quotesReference(a),
    ms,
  };
}

/** Asks every question (k = 10 for MRR@10) and scores the answers. */
export async function evaluate(answerer: Pick<Answerer, 'answer'>, items: EvalItem[]): Promise<EvalReport> {
  return summarise(await answerRows(answerer, items));
}

export async function answerRows(answerer: Pick<Answerer, 'answer'>, items: EvalItem[]): Promise<EvalRow[]> {
  const rows: EvalRow[] = [];
  for (const item of items) {
    const started = performance.now();
    const a = await answerer.answer(item.question, { k: 10 });
    rows.push(scoreAnswer(item, a, performance.now() - started));
  }
  return rows;
}

const pct = (x: number) => x.toFixed(2);

function scoreLine(label: string, s: AnswerScores): string {
  return `  ${label.padEnd(12)} n=${String(s.n).padStart(3)}  gold=${pct(s.gold)}  false abst.=${pct(s.falseAbstention)}  hit@1=${pct(s.hit1)}  hit@5=${pct(s.hit5)}  MRR@10=${pct(s.mrr10)}  context recall@${CONTEXT_PASSAGES}=${pct(s.contextRecall)}${s.referenceQuotes ? `  reference quotes=${s.referenceQuotes}` : ''}`;
}

const rateText = (r: Rate) => `${r.count}/${r.n} (${pct(r.rate)})`;

export function formatReport(r: EvalReport, label = 'werktafel'): string {
  const lines = [label, ' answerable questions:'];
  for (const [lang, s] of Object.entries(r.byLang)) lines.push(scoreLine(lang, s));
  for (const [kind, s] of Object.entries(r.byKind)) lines.push(scoreLine(kind, s));
  lines.push(scoreLine('all', r.all));
  lines.push(' unanswerable questions abstained:');
  lines.push(`  off-topic ${rateText(r.abstained.offTopic)}  other ${rateText(r.abstained.other)}  all ${rateText(r.abstained.all)}  ${Object.entries(r.abstained.byLang).map(([l, x]) => `${l} ${rateText(x)}`).join('  ')}`);
  const sentence = r.offTopicSentence;
  lines.push(`  read the off-topic sentence: off-topic ${rateText(sentence.offTopic)}  other ${rateText(sentence.other)}`);
  lines.push(` latency per question: p50=${r.latency.p50.toFixed(1)} ms  p95=${r.latency.p95.toFixed(1)} ms`);
  return lines.join('\n');
}
