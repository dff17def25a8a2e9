import { createWerktafel } from '/work/main/src/app.ts';
import { detectLanguage } from '/work/main/src/core/i18n.ts';
import { readEvalSet } from '/work/main/src/eval/evaluate.ts';
import { expectedAnswerType } from '/work/main/src/retrieval/answer-type.ts';
import { isWeak } from '/work/main/src/qa/pipeline.ts';
const app = await createWerktafel();
const qa: any = app.services.qa;
for (const item of readEvalSet('/work/shared/eval/dev.jsonl')) {
  const hits = await qa.retrieve(item.question, { k: 10, lang: detectLanguage(item.question) });
  const top = hits[0]; const weak = isWeak(hits);
  if (weak !== (item.kind === 'unanswerable')) console.log(item.id, item.kind.padEnd(12), expectedAnswerType(item.question).padEnd(10), 'weak', weak, 'score', top?.score.toFixed(1), 'cov', top?.coverage.toFixed(2), 'sup', hits.slice(0,3).map((h: any)=>h.suppliesAnswerType+':'+h.coverage.toFixed(2)).join(' '), item.question.slice(0,80));
}
await app.close();
