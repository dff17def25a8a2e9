// Developer aid: how one question is analysed and ranked, and where a given line ranks.
// Usage: tsx scripts/explain.ts "vraag" [file:line]
import { createWerktafel } from '../src/app.js';
import { detectLanguage } from '../src/core/i18n.js';
import type { DocumentAnswerer } from '../src/qa/pipeline.js';
import { analyseQuery } from '../src/retrieval/query.js';
import { Vocabulary } from '../src/retrieval/vocabulary.js';

const [question, gold] = process.argv.slice(2);
const app = await createWerktafel();
const lang = detectLanguage(question);
const vocab = await Vocabulary.load(app.db);
const q = await analyseQuery(app.db, vocab, question, lang);
console.log(
  'lang',
  lang,
  '\nterms',
  [...q.terms].map(([t, w]) => `${t}:${w.toFixed(2)}`).join(' '),
  '\nconcepts',
  q.concepts.map((c) => [...c].join('|')).join(' '),
);
const hits = await (app.services.qa as DocumentAnswerer).retrieve(question, { k: 40, lang });
const [gf, gl] = gold ? gold.split(':') : [];
hits.forEach((h, i) => {
  const isGold = gf && h.file.startsWith(gf) && h.lineStart <= Number(gl) && Number(gl) <= h.lineEnd;
  if (i < 8 || isGold)
    console.log(
      `${isGold ? '*' : ' '}${i + 1}. ${h.file.slice(0, 3)}:${h.lineStart}-${h.lineEnd} s=${h.score.toFixed(1)} c=${h.coverage.toFixed(2)} [${h.section.slice(-50)}] ${h.text.slice(0, 110)}`,
    );
});
if (gf) {
  const { rows } = await app.db.query<{ id: number; line_start: number; line_end: number; text: string }>(
    `SELECT p.id, p.line_start, p.line_end, p.text FROM passages p JOIN documents d ON d.id = p.document_id WHERE d.file LIKE $1 AND p.line_start <= $2 AND p.line_end >= $2`,
    [`${gf}%`, Number(gl)],
  );
  for (const r of rows) console.log(`gold passage ${r.line_start}-${r.line_end}: ${r.text.slice(0, 400)}`);
}
await app.close();
