import { openDb } from '/work/main/src/storage/db.ts';
import { Vocabulary } from '/work/main/src/retrieval/vocabulary.ts';
import { analyseQuery } from '/work/main/src/retrieval/query.ts';
import { lexicalSearch } from '/work/main/src/retrieval/search.ts';
import { readEvalSet } from '/work/main/src/eval/evaluate.ts';
import { detectLanguage } from '/work/main/src/core/i18n.ts';
const db = await openDb({ dataDir: '/tmp/wt1' });
const vocab = await Vocabulary.load(db);
const items = readEvalSet('/work/shared/eval/dev.jsonl');
let ta = 0, ts = 0;
for (let rep = 0; rep < 2; rep++) for (const it of items) {
  const lang = detectLanguage(it.question);
  let t = performance.now(); await analyseQuery(db, vocab, it.question, lang); ta += performance.now() - t;
  t = performance.now(); await lexicalSearch(db, vocab, it.question, { lang, limit: 10 }); ts += performance.now() - t;
}
console.log('analyse avg', (ta / items.length / 2).toFixed(1), 'search avg', (ts / items.length / 2).toFixed(1));
const t = performance.now(); for (let i = 0; i < 20; i++) await db.query('SELECT 1'); console.log('select1', ((performance.now() - t) / 20).toFixed(2));
await db.close();
