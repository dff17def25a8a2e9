import fs from 'node:fs';
import type { Answer, Answerer } from '../qa/answerer.js';
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
  ms: number;
}

export interface LangScores {
  n: number;
  hit1: number;
  hit5: number;
  mrr10: number;
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
    rows.push({ id: item.id, lang: item.lang, kind: item.kind, abstained: a.abstained, rank: hitRank(item, a), ms: performance.now() - started });
  }
  return summarise(rows);
}

export function formatReport(r: EvalReport, label = 'werktafel'): string {
  const pct = (x: number) => x.toFixed(2);
  const lines = [`${label}`];
  for (const [lang, s] of Object.entries(r.byLang)) {
    lines.push(`  ${lang}: n=${s.n}  hit@1=${pct(s.hit1)}  hit@5=${pct(s.hit5)}  MRR@10=${pct(s.mrr10)}`);
  }
  lines.push(`  all: n=${r.all.n}  hit@1=${pct(r.all.hit1)}  hit@5=${pct(r.all.hit5)}  MRR@10=${pct(r.all.mrr10)}`);
  lines.push(`  unanswerable abstained: ${r.unanswerable.abstained}/${r.unanswerable.n} (${pct(r.unanswerable.rate)})`);
  lines.push(`  false abstentions: ${r.falseAbstentions.count}/${r.falseAbstentions.n} (${pct(r.falseAbstentions.rate)})`);
  lines.push(`  latency per question: p50=${r.latency.p50.toFixed(1)} ms  p95=${r.latency.p95.toFixed(1)} ms`);
  return lines.join('\n');
}
