// Developer aid: the cross-validated "answer carries gold" of the sentence model and its composition alone (no gates,
// no definition lead), in about 30 s once the features are gathered, over several fold splits. It shows how far a
// change moves the figure beyond the few questions a different split moves it (`npm run eval` stays the measure).
// On `npm run eval`'s split it also counts what the fitted gates and rules refuse (`decide`): the pipeline's own
// refusals (no passage found, a question about the documents themselves) are not among them, so the counts come
// within a question or two of `npm run eval`'s.
// With --by fact, the folds keep together the questions about one passage (the gold document and 40-line stretch;
// an unanswerable question on its own): a model that remembers the sentences of the facts it saw gains nothing there
// from another question about the same fact (the visible sets ask many facts more than once).
// Usage: tsx scripts/gold-cv.ts [--dump data.json] [--load data.json] [--splits 4] [--by fact]
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { createWerktafel } from '../src/app.js';
import { blankModel } from '../src/eval/crossval.js';
import { readEvalSet } from '../src/eval/evaluate.js';
import {
  asJudged,
  composedCarries,
  fitModel,
  gatherData,
  isAnswerable,
  isOffTopic,
  type QuestionData,
  visibleSets,
} from '../src/eval/model-data.js';
import { decide } from '../src/qa/model/evidence.js';
import { foldOf } from '../src/qa/model/fit.js';
import { logit } from '../src/qa/model/model.js';
import { createAnswerer } from '../src/qa/pipeline.js';

const { values } = parseArgs({
  options: { dump: { type: 'string' }, load: { type: 'string' }, splits: { type: 'string' }, by: { type: 'string' } },
});
const K = 5;

async function gather(): Promise<QuestionData[]> {
  const app = await createWerktafel({ features: [] });
  try {
    return await gatherData(createAnswerer(app.db, app.services.config, undefined, blankModel()), visibleSets().flatMap(readEvalSet));
  } finally {
    await app.close();
  }
}

const data: QuestionData[] = values.load ? JSON.parse(fs.readFileSync(values.load, 'utf8')) : await gather();
if (values.dump) fs.writeFileSync(values.dump, JSON.stringify(data));

const FACT_LINES = 40;
/** What a fold keeps together: the question (as `npm run eval` folds), or with --by fact the passage it asks about. */
const unit = (d: QuestionData) =>
  values.by === 'fact' && isAnswerable(d) ? `${d.item.doc}:${Math.floor(d.item.line / FACT_LINES)}` : d.item.id;

// The first split is the one `npm run eval` uses (by question); the others hash the question id with a salt.
const totals: number[] = [];
for (const salt of ['', 'a', 'b', 'c', 'd', 'e'].slice(0, Number(values.splits ?? 4))) {
  const fold = (d: QuestionData) => foldOf(unit(d) + salt, K);
  const carried: Record<string, [number, number]> = {};
  const refused = { answerable: [0, 0], offTopic: [0, 0], other: [0, 0] };
  for (let f = 0; f < K; f++) {
    const model = fitModel(data.filter((d) => fold(d) !== f));
    for (const d of salt ? [] : data.filter((d) => fold(d) === f && !d.aside)) {
      const { x, lead } = asJudged(d, model.sentence, model.words);
      const r = refused[isAnswerable(d) ? 'answerable' : isOffTopic(d) ? 'offTopic' : 'other'];
      r[0] += decide(model, x, lead).answerable ? 0 : 1;
      r[1]++;
    }
    // Each question once, as written (gatherData also holds it with an aside, under the same id).
    const seen = new Set<string>();
    for (const d of data.filter((d) => fold(d) === f && d.key && !seen.has(d.item.id) && seen.add(d.item.id))) {
      const ok = composedCarries(
        d,
        d.candidates.map((x) => logit(model.sentence, x)),
        model.compose,
      );
      const c = (carried[d.item.lang] ??= [0, 0]);
      c[0] += ok ? 1 : 0;
      c[1]++;
    }
  }
  const [ok, n] = Object.values(carried).reduce(([a, b], [c, d]) => [a + c, b + d], [0, 0]);
  totals.push(ok / n);
  const byLang = Object.entries(carried).map(([lang, [c, m]]) => `${lang} ${(c / m).toFixed(3)}`);
  console.log(`split ${salt || '(eval)'}: carries gold ${ok}/${n} = ${(ok / n).toFixed(3)} (${byLang.join(', ')})`);
  if (!salt) {
    const share = ([c, m]: number[]) => `${c}/${m} = ${(c / (m || 1)).toFixed(3)}`;
    console.log(
      `  refused by the gates and rules: answerable ${share(refused.answerable)} (false abstentions), off-topic ${share(refused.offTopic)}, other unanswerable ${share(refused.other)}`,
    );
  }
}
console.log(`mean over ${totals.length} splits: ${(totals.reduce((a, b) => a + b, 0) / totals.length).toFixed(3)}`);
