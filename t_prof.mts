import { createWerktafel } from './src/app.js';
const app = await createWerktafel({ features: [] });
const db = app.db;
const qs = ['Hoe lang mag iemand tegenwoordig in een (z)Onder Dak-woning blijven?', 'Under the Drenthe outflow covenant, how long can a three-party agreement or a trial tenancy run before the client gets a regular lease?'];
await app.services.qa.answer('warm', { k: 10 });
for (const q of qs) {
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const a = await app.services.qa.answer(q, { k: 10 });
    console.log((performance.now() - t).toFixed(1), a.abstained, a.answer.slice(0, 300));
  }
}
let t = performance.now();
await db.query("SELECT word, similarity(word, $1) AS sim FROM vocabulary WHERE word % $1 ORDER BY sim DESC, df DESC LIMIT 3", ['tegenwoordig']);
console.log('trgm', performance.now() - t);
t = performance.now();
await db.query("SELECT (SELECT count(*)::int FROM passages) n");
console.log('count', performance.now() - t);
t = performance.now();
const r = await db.query("SELECT count(*) FROM passages WHERE sentences IS NULL");
console.log('null', r.rows, performance.now() - t);
await app.close();
