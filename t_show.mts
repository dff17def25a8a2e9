import { createWerktafel } from '/work/wt/answers/src/app.js';
import { readEvalSet } from '/work/wt/answers/src/eval/evaluate.js';
import { carriesGold } from '/work/wt/answers/src/eval/gold.js';
const items = readEvalSet(process.argv[2]);
const app = await createWerktafel({ features: [] });
for (const it of items) {
  if (it.kind === 'unanswerable') continue;
  const a = await app.services.qa.answer(it.question, { k: 10 });
  const ok = carriesGold(a, it.quote);
  if (process.argv[3] === 'fail' && ok) continue;
  const top = a.citations.slice(0,3).findIndex(c => c.file===it.doc && c.lines[0]<=it.line && it.line<=c.lines[1]);
  console.log(`\n=== ${it.id} ${it.kind} ${ok?'OK':'MISS'} goldInTop3=${top+1}\nQ: ${it.question}\nGOLD: ${it.quote}\nA: ${a.answer}`);
}
await app.close();
