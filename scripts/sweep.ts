// Developer aid: scores of the question set while one ranking weight varies, on one warm store.
// Usage: tsx scripts/sweep.ts [set.jsonl] name=v1,v2,v3 ...   (names: keys of RANKING in src/retrieval/search.ts)
import path from 'node:path';
import { createWerktafel } from '../src/app.js';
import { PROJECT_ROOT } from '../src/config.js';
import { evaluate, readEvalSet } from '../src/eval/evaluate.js';
import { RANKING } from '../src/retrieval/search.js';

const args = process.argv.slice(2);
const setFile = args[0]?.endsWith('.jsonl') ? args.shift()! : path.resolve(PROJECT_ROOT, '../shared/eval/dev.jsonl');
const items = readEvalSet(setFile);
const app = await createWerktafel();
for (const spec of args) {
  const [name, values] = spec.split('=') as [keyof typeof RANKING, string];
  const original = RANKING[name];
  for (const v of values.split(',').map(Number)) {
    RANKING[name] = v;
    const r = await evaluate(app.services.qa, items);
    const f = (x: number) => x.toFixed(2);
    console.log(`${name}=${v}\tnl hit@5=${f(r.byLang.nl?.hit5 ?? 0)} en hit@5=${f(r.byLang.en?.hit5 ?? 0)} MRR=${f(r.all.mrr10)} hit@1=${f(r.all.hit1)} abst=${r.unanswerable.abstained}/${r.unanswerable.n} false=${r.falseAbstentions.count}`);
  }
  RANKING[name] = original;
}
await app.close();
