import fs from 'node:fs';
import type { Answer, Answerer } from '../qa/answerer.js';
import { carriesGold, quotesReference } from './gold.js';
import { MAX_CITATION_LINES } from '../retrieval/ranking.js';

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
}

/** A citation counts only when it is precise: the gold document, containing the gold line, at most MAX_CITATION_LINES long. */
export { MAX_CITATION_LINES };

export interface EvalRow {
  id: string;
  lang: string;
  kind: string;
  abstained: boolean;
  /** 1-based rank of the first hit, or null. */
  rank: number | null;
  /** The answer text carries the gold sentence (false when abstained or no quote). */
  carries?: boolean;
  /** The answer text quotes a reference-list or footnote line. */
  quotesReference?: boolean;
  ms: number;
}

export interface LangScores {
  n: number;
  hit1: number;
  hit5: number;
  mrr10: number;
  /** Share of answers whose text carries the gold sentence. */
  gold: number;
  /** Answers quoting a reference-list or footnote line. */
  referenceQuotes: number;
}

export interface EvalReport {
  byLang: Record<string, LangScores>;
  all: LangScores;
  unanswerable: { n: number; abstained: number; rate: number };
  falseAbstentions: { n: number; count: number; rate: number };
  latency: { p50: number; p95: number };
  rows: EvalRow[];
}

export function readEvalSet(file: string): EvalItem[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalItem);
}

export function hitRank(item: EvalItem, answer: Pick<Answer, 'citations'>): number | null {
  const idx = answer.citations.findIndex(
    (c) =>
      (c.file === item.doc || c.document === item.document) &&
      c.lines[0] <= item.line &&
      item.line <= c.lines[1] &&
      c.lines[1] - c.lines[0] + 1 <= MAX_CITATION_LINES,
  );
  return idx < 0 ? null : idx + 1;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function scores(rows: EvalRow[]): LangScores {
  const n = rows.length || 1;
  return {
    n: rows.length,
    hit1: rows.filter((r) => r.rank === 1).length / n,
    hit5: rows.filter((r) => r.rank !== null && r.rank <= 5).length / n,
    mrr10: rows.reduce((s, r) => s + (r.rank !== null && r.rank <= 10 ? 1 / r.rank : 0), 0) / n,
    gold: rows.filter((r) => r.carries).length / n,
    referenceQuotes: rows.filter((r) => r.quotesReference).length,
  };
}

export function summarise(rows: EvalRow[]): EvalReport {
  const answerable = rows.filter((r) => r.kind !== 'unanswerable');
  const unanswerable = rows.filter((r) => r.kind === 'unanswerable');
  const byLang: Record<string, LangScores> = {};
  for (const lang of [...new Set(answerable.map((r) => r.lang))].sort()) byLang[lang] = scores(answerable.filter((r) => r.lang === lang));
  const falseAbst = answerable.filter((r) => r.abstained).length;
  const abst = unanswerable.filter((r) => r.abstained).length;
  const ms = rows.map((r) => r.ms);
  return {
    byLang,
    all: scores(answerable),
    unanswerable: { n: unanswerable.length, abstained: abst, rate: unanswerable.length ? abst / unanswerable.length : 1 },
    falseAbstentions: { n: answerable.length, count: falseAbst, rate: answerable.length ? falseAbst / answerable.length : 0 },
    latency: { p50: percentile(ms, 50), p95: percentile(ms, 95) },
    rows,
  };
}

/** Asks every question (k = 10 for MRR@10) and scores the citations. */
export async function evaluate(answerer: Pick<Answerer, 'answer'>, items: EvalItem[]): Promise<EvalReport> {
  const rows: EvalRow[] = [];
  for (const item of items) {
    const started = performance.now();
    const a = await answerer.answer(item.question, { k: 10 });
    const ms = performance.now() - started;
    rows.push({
      id: item.id,
      lang: item.lang,
      kind: item.kind,
      abstained: a.abstained,
      rank: hitRank(item, a),
      carries: carriesGold(a, item.quote),
      quotesReference: quotesReference(a),
      ms,
    });
  }
  return summarise(rows);
}

/** One line of scores; `answer carries gold` and `reference quotes` read the answer text, the others the citations. */
export function formatScores(label: string, s: LangScores): string {
  const pct = (x: number) => x.toFixed(2);
  return `  ${label}: n=${s.n}  hit@1=${pct(s.hit1)}  hit@5=${pct(s.hit5)}  MRR@10=${pct(s.mrr10)}  answer carries gold=${pct(s.gold)}  reference quotes=${s.referenceQuotes}`;
}

export function formatReport(r: EvalReport, label = 'werktafel'): string {
  const pct = (x: number) => x.toFixed(2);
  const lines = [`${label}`];
  for (const [lang, s] of Object.entries(r.byLang)) lines.push(formatScores(lang, s));
  lines.push(formatScores('all', r.all));
  lines.push(`  unanswerable abstained: ${r.unanswerable.abstained}/${r.unanswerable.n} (${pct(r.unanswerable.rate)})`);
  lines.push(`  false abstentions: ${r.falseAbstentions.count}/${r.falseAbstentions.n} (${pct(r.falseAbstentions.rate)})`);
  lines.push(`  latency per question: p50=${r.latency.p50.toFixed(1)} ms  p95=${r.latency.p95.toFixed(1)} ms`);
  return lines.join('\n');
}
