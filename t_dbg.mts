import { createWerktafel } from './src/app.js';
import { readEvalSet } from './src/eval/evaluate.js';
import { carriesGold, goldKey, normaliseForGold } from './src/eval/gold.js';
import { loadSources } from './src/qa/extractive.js';
const items = readEvalSet(process.argv[2]);
const app = await createWerktafel({ features: [] });
const qa = app.services.qa as any;
for (const it of items) {
  if (it.kind === 'unanswerable') continue;
  const a = await qa.answer(it.question, { k: 10 });
  if (carriesGold(a, it.quote)) continue;
  const hits = await qa.retrieve(it.question, { k: 10, lang: it.lang });
  const src = await loadSources(app.db, hits);
  const key = goldKey(it.quote!);
  let where = 'none';
  src.forEach((s, i) => s.sentences.forEach((x, j) => { if (normaliseForGold(x.text).includes(key)) where = `passage ${i + 1} sentence ${j} kind=${x.kind}: ${x.text.slice(0, 100)}`; }));
  console.log(`\n=== ${it.id} ${it.kind} [${a.abstained ? 'ABST' : ''}] Q: ${it.question}\n  gold@ ${where}\n  A: ${a.answer.replace(/\n/g, ' / ').slice(0, 400)}`);
}
await app.close();
