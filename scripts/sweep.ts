// Developer aid: scores of the question set while one ranking number varies, on one warm store.
// Usage: tsx scripts/sweep.ts [set.jsonl] name=v1,v2,v3 ...   (names: keys of RANKING in src/retrieval/ranking.ts,
// nested ones with a dot: query.synonym=0.3,0.45 or kind.footnote=0.5,0.7). RANKING itself is never changed:
// each value runs through an answerer built with its own copy.
import path from 'node:path';
import { createWerktafel } from '../src/app.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { evaluate, readEvalSet } from '../src/eval/evaluate.js';
import { createAnswerer } from '../src/qa/pipeline.js';
import { RANKING, type Ranking } from '../src/retrieval/ranking.js';

/** A copy of RANKING with one number, named by its path ("headingMatch", "query.synonym"), set to v. */
function withValue(name: string, v: number): Ranking {
  const copy = structuredClone(RANKING);
  const keys = name.split('.');
  let at: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  if (typeof at[keys.at(-1)!] !== 'number' && !(keys.length > 1 && keys[0] === 'kind'))
    throw new Error(`${name} is not a number of RANKING`);
  at[keys.at(-1)!] = v;
  return copy;
}

const args = process.argv.slice(2);
const setFile = args[0]?.endsWith('.jsonl') ? args.shift()! : path.resolve(PROJECT_ROOT, '../shared/eval/dev.jsonl');
const items = readEvalSet(setFile);
const app = await createWerktafel({ features: [] });
for (const spec of args) {
  const [name, values] = spec.split('=');
  for (const v of values.split(',').map(Number)) {
    const r = await evaluate(createAnswerer(app.db, app.services.config, withValue(name, v)), items);
    const f = (x: number) => x.toFixed(2);
    console.log(
      `${name}=${v}\tnl hit@5=${f(r.byLang.nl?.hit5 ?? 0)} en hit@5=${f(r.byLang.en?.hit5 ?? 0)} MRR=${f(r.all.mrr10)} hit@1=${f(r.all.hit1)} abst=${r.abstained.all.count}/${r.abstained.all.n} false=${f(r.all.falseAbstention)}`,
    );
  }
}
await app.close();
