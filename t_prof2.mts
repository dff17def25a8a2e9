import { createWerktafel } from './src/app.js';
import { loadSources, loadIdf, termsToWeigh, extractiveParts } from './src/qa/extractive.js';
const app = await createWerktafel({ features: [] });
const qa = app.services.qa as any;
const q = 'Hoe lang mag iemand tegenwoordig in een (z)Onder Dak-woning blijven?';
await qa.answer('warm', { k: 10 });
for (let i = 0; i < 3; i++) {
  let t = performance.now();
  const hits = await qa.retrieve(q, { k: 10, lang: 'nl' });
  const t1 = performance.now() - t; t = performance.now();
  const src = await loadSources(app.db, hits);
  const t2 = performance.now() - t; t = performance.now();
  const idf = await loadIdf(app.db, termsToWeigh(q, hits));
  const t3 = performance.now() - t; t = performance.now();
  extractiveParts(q, src, idf);
  const t4 = performance.now() - t;
  console.log(t1.toFixed(1), t2.toFixed(1), t3.toFixed(1), t4.toFixed(1));
}
await app.close();
