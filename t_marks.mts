import fs from 'node:fs';
import { parseDocument } from './src/ingest/passages.js';
import { markSentences } from './src/ingest/sentences.js';
const cat = JSON.parse(fs.readFileSync('knowledge/documents/catalog.json','utf8')).documents;
const counts: Record<string, number> = {};
for (const d of cat) {
  const ps = parseDocument({ docId: d.id, file: d.file, title: d.title, text: fs.readFileSync('knowledge/documents/'+d.file,'utf8') });
  const m = markSentences(ps);
  m.forEach((ss, i) => ss.forEach(s => { counts[s.kind]=(counts[s.kind]??0)+1; if (s.kind === process.argv[2]) console.log(d.file.slice(0,3), ps[i].kind, '|', s.text.slice(0,160)); }));
}
console.error(counts);
