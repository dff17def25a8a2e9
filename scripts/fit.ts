// npm run fit: fits the answer model on every visible question set and writes knowledge/model/answer-model.json.
import fs from 'node:fs';
import { createWerktafel } from '../src/app.js';
import { blankModel } from '../src/eval/crossval.js';
import { readEvalSet } from '../src/eval/evaluate.js';
import { fitModel, gatherData, visibleSets } from '../src/eval/model-data.js';
import { MODEL_FILE } from '../src/qa/model/model.js';
import { createAnswerer } from '../src/qa/pipeline.js';

const sets = visibleSets();
const items = sets.flatMap(readEvalSet);
const app = await createWerktafel({ features: [] });
try {
  const data = await gatherData(createAnswerer(app.db, app.services.config, undefined, blankModel()), items);
  const model = fitModel(data);
  fs.writeFileSync(MODEL_FILE, `${JSON.stringify(model, null, 2)}\n`);
  console.log(`${MODEL_FILE}: ${model.fitted.questions} questions (${sets.length} sets), ${model.fitted.sentences} candidate sentences`);
  console.log(`  abstains below p(answerable)=${model.answerable.threshold} or at p(off-topic)=${model.offTopic.threshold} and above`);
} finally {
  await app.close();
}
