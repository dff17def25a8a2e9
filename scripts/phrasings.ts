// Developer aid: the visible questions asked the way people type in a chat — all lower case or all capitals, without the question
// mark, opening with a greeting or "Vraag:", ending with thanks — answered by the shipped model. A phrasing that moves
// the figures far from "as written" is a reading bug (a greeting read as part of the question, the first capital after
// a colon read as a name). Not cross-validated: it compares phrasings, not models. Usage: tsx scripts/phrasings.ts
import { createWerktafel } from '../src/app.js';
import { type EvalItem, readEvalSet } from '../src/eval/evaluate.js';
import { carriesGold } from '../src/eval/gold.js';
import { visibleSets } from '../src/eval/model-data.js';
import { createAnswerer } from '../src/qa/pipeline.js';

type Phrasing = (question: string, lang: EvalItem['lang']) => string;

const PHRASINGS: Record<string, Phrasing> = {
  'as written': (q) => q,
  'lower case': (q) => q.toLowerCase(),
  capitals: (q) => q.toUpperCase(),
  'no question mark': (q) => q.replace(/\?\s*$/, ''),
  greeting: (q, lang) => `${lang === 'en' ? 'Hi' : 'Hoi'}, ${q[0].toLowerCase()}${q.slice(1)}`,
  'after a colon': (q, lang) => `${lang === 'en' ? 'Question' : 'Vraag'}: ${q}`,
  thanks: (q, lang) => `${q} ${lang === 'en' ? 'Thanks!' : 'Dank je!'}`,
};

const app = await createWerktafel({ features: [] });
try {
  const answerer = createAnswerer(app.db, app.services.config);
  const items = visibleSets().flatMap(readEvalSet);
  const answerable = items.filter((i) => i.kind !== 'unanswerable');
  const rows = [];
  for (const [name, phrase] of Object.entries(PHRASINGS)) {
    let gold = 0;
    let wronglyRefused = 0;
    let offTopic = 0;
    let other = 0;
    for (const item of items) {
      const a = await answerer.answer(phrase(item.question, item.lang), { k: 10 });
      if (item.kind !== 'unanswerable') {
        gold += carriesGold(a, item.quote) ? 1 : 0;
        wronglyRefused += a.abstained ? 1 : 0;
      } else if (a.abstained) {
        if (item.subkind === 'offtopic') offTopic++;
        else other++;
      }
    }
    rows.push({ phrasing: name, gold, 'false abstentions': wronglyRefused, 'off-topic refused': offTopic, 'other refused': other });
  }
  const offTopicN = items.filter((i) => i.subkind === 'offtopic').length;
  console.log(
    `${answerable.length} answerable, ${offTopicN} off-topic, ${items.length - answerable.length - offTopicN} other unanswerable`,
  );
  console.table(rows);
} finally {
  await app.close();
}
