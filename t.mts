import { createWerktafel } from './src/app.ts';
import { detectLanguage } from './src/core/i18n.ts';
import { readEvalSet } from './src/eval/evaluate.ts';
import { expectedAnswerType } from './src/retrieval/answer-type.ts';
import { isWeak } from './src/qa/pipeline.ts';
const app = await createWerktafel({ features: [] });
const qa: any = app.services.qa;
for (const item of readEvalSet('eval/heldout.jsonl')) {
  const hits = await qa.retrieve(item.question, { k: 10, lang: detectLanguage(item.question) });
  const top = hits[0]; const weak = isWeak(hits);
  if (weak !== (item.kind === 'unanswerable')) console.log(item.id, item.kind.padEnd(12), expectedAnswerType(item.question).padEnd(10), 'weak', weak, 'cov', top?.coverage.toFixed(2), 'miss', top?.missingWords.join(','), '|', item.question.slice(0, 110));
}
await app.close();
