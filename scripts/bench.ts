// `npm run bench`: ingestion time, cold start, per-question latency and retrieval scores of Werktafel,
// side by side with a LangChain baseline (RecursiveCharacterTextSplitter 1000/200 + BM25Retriever)
// over the same documents and the same question set. A command, not a test: machines are noisy.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BM25Retriever } from '@langchain/community/retrievers/bm25';
import { Document } from '@langchain/core/documents';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { createWerktafel } from '../src/app.js';
import { loadConfig, PROJECT_ROOT } from '../src/config.js';
import { evaluate, formatReport, hitRank, percentile, readEvalSet, summarise, type EvalRow } from '../src/eval/evaluate.js';
import { listKnowledgeFiles } from '../src/ingest/catalog.js';
import { baselineAnswers } from './bench-answers.js';
import type { Citation } from '../src/core/types.js';

const setFile = process.argv[2] ?? path.resolve(PROJECT_ROOT, '../shared/eval/dev.jsonl');
const items = readEvalSet(setFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'werktafel-bench-'));
const config = { ...loadConfig({}), dataDir };

// 1. Ingestion on an empty data directory (includes migrations).
let t = performance.now();
const app = await createWerktafel({ config });
const ingestMs = performance.now() - t;
const { rows } = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM passages');
const report = await evaluate(app.services.qa, items); // includes the first, cold query
await app.close();

// 2. Cold start: a new process answering one question on the existing data directory.
const cold: number[] = [];
for (let i = 0; i < 3; i++) {
  t = performance.now();
  const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin/werktafel.js'), 'ask', '--json', items[0].question], {
    env: { ...process.env, WERKTAFEL_DATA_DIR: dataDir, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  cold.push(performance.now() - t);
}

// 3. Baseline over the same files.
t = performance.now();
const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 1000, chunkOverlap: 200 });
const docs: Document[] = [];
for (const entry of listKnowledgeFiles(config.knowledgeDir).filter((e) => e.file.endsWith('.txt'))) {
  const text = fs.readFileSync(path.join(config.knowledgeDir, entry.file), 'utf8');
  const chunks = await splitter.splitText(text);
  let from = 0;
  for (const chunk of chunks) {
    const at = Math.max(0, text.indexOf(chunk, Math.max(0, from - 400)));
    from = at + 1;
    const first = text.slice(0, at).split('\n').length;
    const last = first + chunk.split('\n').length - 1;
    docs.push(new Document({ pageContent: chunk, metadata: { file: entry.file, document: entry.id, title: entry.title, lines: [first, last] } }));
  }
}
const retriever = BM25Retriever.fromDocuments(docs, { k: 10 });
const baselineIndexMs = performance.now() - t;
const baseRows: EvalRow[] = [];
for (const item of items) {
  const started = performance.now();
  const found = await retriever.invoke(item.question);
  const citations = found.map((d, i) => ({ n: i + 1, file: d.metadata.file, document: d.metadata.document, lines: d.metadata.lines }) as Citation);
  baseRows.push({ id: item.id, lang: item.lang, kind: item.kind, abstained: false, rank: hitRank(item, { citations }), ms: performance.now() - started });
}
const baseline = summarise(baseRows);

console.log(`Werktafel bench — ${path.basename(setFile)} (${items.length} questions), ${os.cpus().length} cores, node ${process.version}\n`);
console.log(`ingestion (empty PGlite dir, 5 documents → ${rows[0].n} passages): ${ingestMs.toFixed(0)} ms`);
console.log(`cold start (new process, \`werktafel ask\` on the existing dir): p50=${percentile(cold, 50).toFixed(0)} ms max=${Math.max(...cold).toFixed(0)} ms`);
console.log(formatReport(report, '\nwerktafel (offline, extractive)'));
console.log(`\nLangChain baseline: RecursiveCharacterTextSplitter(1000/200) + BM25Retriever — ${docs.length} chunks, indexed in ${baselineIndexMs.toFixed(0)} ms`);
for (const [lang, s] of Object.entries(baseline.byLang)) console.log(`  ${lang}: n=${s.n}  hit@1=${s.hit1.toFixed(2)}  hit@5=${s.hit5.toFixed(2)}  MRR@10=${s.mrr10.toFixed(2)}`);
console.log(`  all: n=${baseline.all.n}  hit@1=${baseline.all.hit1.toFixed(2)}  hit@5=${baseline.all.hit5.toFixed(2)}  MRR@10=${baseline.all.mrr10.toFixed(2)}`);
console.log(`  unanswerable abstained: 0/${baseline.unanswerable.n} (it never abstains)`);
console.log(`  latency per question: p50=${baseline.latency.p50.toFixed(1)} ms  p95=${baseline.latency.p95.toFixed(1)} ms`);
console.log(await baselineAnswers(items, async (q) => (await retriever.invoke(q))[0]?.pageContent));
fs.rmSync(dataDir, { recursive: true, force: true });
