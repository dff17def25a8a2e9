import { createWerktafel } from './src/app.js';
import { isReferenceLine } from './src/ingest/debris.js';
const app = await createWerktafel({ features: [] });
const { rows } = await app.db.query<any>("SELECT kind, sentences FROM passages WHERE text LIKE '%stress sensitieve%'");
for (const r of rows) for (const s of r.sentences) if (s.text.includes('stress')) console.log(r.kind, s.kind, JSON.stringify(s.text), isReferenceLine(s.text));
await app.close();
