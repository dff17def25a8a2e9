// Developer aid: per question of a set, the rank of the gold passage and the top hit's score and coverage,
// to calibrate abstention. Usage: tsx scripts/inspect-eval.ts ../shared/eval/dev.jsonl
import { createWerktafel } from '../src/app.js';
import { detectLanguage } from '../src/core/i18n.js';
import { readEvalSet, MAX_CITATION_LINES } from '../src/eval/evaluate.js';
import type { DocumentAnswerer } from '../src/qa/pipeline.js';

const app = await createWerktafel();
const qa = app.services.qa as DocumentAnswerer;
for (const item of readEvalSet(process.argv[2] ?? '../shared/eval/dev.jsonl')) {
  const hits = await qa.retrieve(item.question, { k: 10, lang: detectLanguage(item.question) });
  const rank =
    hits.findIndex(
      (h) => h.file === item.doc && h.lineStart <= item.line && item.line <= h.lineEnd && h.lineEnd - h.lineStart < MAX_CITATION_LINES,
    ) + 1;
  const top = hits[0];
  console.log(
    `${item.id} ${item.lang} ${item.kind.padEnd(12)} gold=${item.doc.slice(0, 3)}:${item.line} rank=${rank || '-'} score=${top?.score.toFixed(2)} cov=${top?.coverage.toFixed(2)} top=${top?.file.slice(0, 3)}:${top?.lineStart}-${top?.lineEnd} | ${item.question.slice(0, 70)}`,
  );
}
await app.close();
