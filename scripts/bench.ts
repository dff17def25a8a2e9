// `npm run bench [-- set.jsonl] [-- --documents 100]`: ingestion time and speed, data size, warm latency per
// question and a cold `werktafel ask`, for the five documents and (with --documents N) a corpus of N documents
// built from word-swapped variants of them, side by side; on PGlite and, with DATABASE_URL, on that Postgres server.
// Also the retrieval scores of the question set next to a LangChain baseline (RecursiveCharacterTextSplitter
// 1000/200 + BM25Retriever) over the five documents. A command, not a test: machines are noisy.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BM25Retriever } from '@langchain/community/retrievers/bm25';
import { Document } from '@langchain/core/documents';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import pg from 'pg';
import { createWerktafel } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { PROJECT_ROOT } from '../src/paths.js';
import {
  evaluate,
  formatReport,
  hitRank,
  percentile,
  readEvalSet,
  summarise,
  type EvalReport,
  type EvalRow,
} from '../src/eval/evaluate.js';
import { listKnowledgeFiles } from '../src/ingest/catalog.js';
import { baselineAnswers } from './bench-answers.js';
import { ensureIngested } from '../src/ingest/ingest.js';
import type { Citation } from '../src/core/types.js';
import type { Answerer } from '../src/qa/answerer.js';
import type { Queryable } from '../src/storage/db.js';
import { buildCorpus } from './variants.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { documents: { type: 'string' } } });
const setFile = positionals[0] ?? path.resolve(PROJECT_ROOT, '../shared/eval/dev.jsonl');
const items = readEvalSet(setFile);
const bigger = values.documents ? Number(values.documents) : undefined;
if (bigger !== undefined && !(Number.isInteger(bigger) && bigger >= 5)) throw new Error('--documents must be a whole number of at least 5');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'werktafel-bench-'));
const base = loadConfig({});

interface Run {
  store: string;
  documents: number;
  passages: number;
  mb: number;
  ingestMs: number;
  /** Bytes above the empty store (migrations only). */
  dataBytes: number;
  warm: EvalReport;
  /** CPU time of this process per question: with PGlite the database runs in it too, so this is the whole work,
   *  and unlike wall time it hardly depends on what else the machine is doing. */
  warmCpuMs: number[];
  ingestCpuMs: number;
  coldMs: number[];
}

/** The answerer, recording the CPU time each answer takes. */
function cpuTimed(qa: Answerer, out: number[]): Pick<Answerer, 'answer'> {
  return {
    async answer(question, opts) {
      const before = process.cpuUsage();
      const a = await qa.answer(question, opts);
      const d = process.cpuUsage(before);
      out.push((d.user + d.system) / 1000);
      return a;
    },
  };
}

function dirBytes(dir: string): number {
  let sum = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    sum += e.isDirectory() ? dirBytes(p) : fs.statSync(p).size;
  }
  return sum;
}

/** A fresh database on the server for one run, dropped afterwards. */
async function serverDatabase(name: string, action: 'create' | 'drop'): Promise<string> {
  const url = new URL(process.env.DATABASE_URL!);
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  if (action === 'create') await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  return url.toString();
}

async function measure(store: 'pglite' | 'postgres', knowledgeDir: string, mb: number): Promise<Run> {
  const documents = listKnowledgeFiles(knowledgeDir).length;
  const dataDir = path.join(scratch, `${store}-${documents}`);
  const dbName = `werktafel_bench_${process.pid}_${documents}`;
  const databaseUrl = store === 'postgres' ? await serverDatabase(dbName, 'create') : undefined;
  const config: Config = { ...base, dataDir, knowledgeDir, databaseUrl, llm: undefined };
  const size = async (db?: Queryable) =>
    db ? Number((await db.query<{ n: number }>('SELECT pg_database_size(current_database()) AS n')).rows[0].n) : dirBytes(dataDir);

  // The empty store: migrations only (PGlite measured closed, after its checkpoint).
  let app = await createWerktafel({ config, ingest: false, features: [] });
  let empty = store === 'postgres' ? await size(app.db) : 0;
  await app.close();
  if (store === 'pglite') empty = await size();

  app = await createWerktafel({ config, ingest: false, features: [] });
  let t = performance.now();
  const cpu = process.cpuUsage();
  const ingested = await ensureIngested(app.db, config);
  const ingestMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const ingestCpuMs = (used.user + used.system) / 1000;
  await evaluate(app.services.qa, items); // warm-up: first query plans, vocabulary, caches
  const warmCpuMs: number[] = [];
  const warm = await evaluate(cpuTimed(app.services.qa, warmCpuMs), items);
  let dataBytes = store === 'postgres' ? (await size(app.db)) - empty : 0;
  await app.close();
  if (store === 'pglite') dataBytes = (await size()) - empty;

  // Cold: a new process answering one question on the existing store.
  const coldMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    const r = spawnSync(
      process.execPath,
      [path.join(PROJECT_ROOT, 'bin/werktafel.js'), 'ask', '--json', items[i % items.length].question],
      {
        env: {
          ...process.env,
          WERKTAFEL_DATA_DIR: dataDir,
          WERKTAFEL_KNOWLEDGE_DIR: knowledgeDir,
          DATABASE_URL: databaseUrl ?? '',
          OPENAI_API_KEY: '',
          OPENAI_BASE_URL: '',
        },
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) throw new Error(r.stderr);
    coldMs.push(performance.now() - t);
  }
  if (store === 'postgres') await serverDatabase(dbName, 'drop');
  return { store, documents, passages: ingested.passages, mb, ingestMs, ingestCpuMs, dataBytes, warm, warmCpuMs, coldMs };
}

function textMb(dir: string): number {
  return listKnowledgeFiles(dir).reduce((s, e) => s + fs.statSync(path.join(dir, e.file)).size, 0) / 1e6;
}

const corpora = [{ dir: base.knowledgeDir, mb: textMb(base.knowledgeDir) }];
if (bigger) {
  const dir = path.join(scratch, `knowledge-${bigger}`);
  buildCorpus(base.knowledgeDir, dir, bigger);
  corpora.push({ dir, mb: textMb(dir) });
}
const runs: Run[] = [];
const stores: ('pglite' | 'postgres')[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
for (const store of stores) {
  for (const c of corpora) runs.push(await measure(store, c.dir, c.mb));
}

// Baseline over the same five files.
const t = performance.now();
const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 1000, chunkOverlap: 200 });
const docs: Document[] = [];
for (const entry of listKnowledgeFiles(base.knowledgeDir).filter((e) => e.file.endsWith('.txt'))) {
  const text = fs.readFileSync(path.join(base.knowledgeDir, entry.file), 'utf8');
  const chunks = await splitter.splitText(text);
  let from = 0;
  for (const chunk of chunks) {
    const at = Math.max(0, text.indexOf(chunk, Math.max(0, from - 400)));
    from = at + 1;
    const first = text.slice(0, at).split('\n').length;
    const last = first + chunk.split('\n').length - 1;
    docs.push(
      new Document({ pageContent: chunk, metadata: { file: entry.file, document: entry.id, title: entry.title, lines: [first, last] } }),
    );
  }
}
const retriever = BM25Retriever.fromDocuments(docs, { k: 10 });
const baselineIndexMs = performance.now() - t;
const baseRows: EvalRow[] = [];
for (const item of items) {
  const started = performance.now();
  const found = await retriever.invoke(item.question);
  const citations = found.map(
    (d, i) => ({ n: i + 1, file: d.metadata.file, document: d.metadata.document, lines: d.metadata.lines }) as Citation,
  );
  baseRows.push({
    id: item.id,
    lang: item.lang,
    kind: item.kind,
    abstained: false,
    rank: hitRank(item, { retrieved: citations }),
    ms: performance.now() - started,
  });
}
const baseline = summarise(baseRows);

const f0 = (x: number) => x.toFixed(0);
console.log(
  `Werktafel bench — ${path.basename(setFile)} (${items.length} questions), ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}, node ${process.version}, offline\n`,
);
const table: [string, (r: Run) => string][] = [
  ['documents → passages', (r) => `${r.documents} → ${r.passages}`],
  ['text', (r) => `${r.mb.toFixed(1)} MB`],
  ['ingestion (empty store)', (r) => `${(r.ingestMs / 1000).toFixed(1)} s = ${(r.mb / (r.ingestMs / 1000)).toFixed(2)} MB/s`],
  ['ingestion, CPU of this process', (r) => `${(r.ingestCpuMs / 1000).toFixed(1)} s = ${(r.mb / (r.ingestCpuMs / 1000)).toFixed(2)} MB/s`],
  ['data above the empty store', (r) => `${f0(r.dataBytes / 1e6)} MB (${(r.dataBytes / 1e6 / r.mb).toFixed(1)}× the text)`],
  ['warm latency p50 / p95', (r) => `${r.warm.latency.p50.toFixed(1)} / ${r.warm.latency.p95.toFixed(1)} ms`],
  ['warm CPU per question p50 / p95', (r) => `${percentile(r.warmCpuMs, 50).toFixed(1)} / ${percentile(r.warmCpuMs, 95).toFixed(1)} ms`],
  ['cold `werktafel ask` p50', (r) => `${f0(percentile(r.coldMs, 50))} ms`],
];
console.log(`| | ${runs.map((r) => `${r.store}, ${r.documents} documents`).join(' | ')} |`);
console.log(`|---|${runs.map(() => '---').join('|')}|`);
for (const [label, cell] of table) console.log(`| ${label} | ${runs.map(cell).join(' | ')} |`);
for (const store of new Set(runs.map((r) => r.store))) {
  const [small, large] = runs.filter((r) => r.store === store);
  if (large) {
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    console.log(
      `${store}: at ${large.documents} documents the warm p50 is ${ratio(large.warm.latency.p50, small.warm.latency.p50)} the ${small.documents}-document p50` +
        ` (CPU ${ratio(percentile(large.warmCpuMs, 50), percentile(small.warmCpuMs, 50))})`,
    );
  }
}
console.log(formatReport(runs[0].warm, `\nwerktafel (offline, extractive), ${runs[0].documents} documents`));
console.log(
  `\nLangChain baseline: RecursiveCharacterTextSplitter(1000/200) + BM25Retriever — ${docs.length} chunks, indexed in ${baselineIndexMs.toFixed(0)} ms`,
);
for (const [lang, s] of Object.entries(baseline.byLang))
  console.log(`  ${lang}: n=${s.n}  hit@1=${s.hit1.toFixed(2)}  hit@5=${s.hit5.toFixed(2)}  MRR@10=${s.mrr10.toFixed(2)}`);
console.log(
  `  all: n=${baseline.all.n}  hit@1=${baseline.all.hit1.toFixed(2)}  hit@5=${baseline.all.hit5.toFixed(2)}  MRR@10=${baseline.all.mrr10.toFixed(2)}`,
);
console.log(`  unanswerable abstained: 0/${baseline.abstained.all.n} (it never abstains)`);
console.log(`  latency per question: p50=${baseline.latency.p50.toFixed(1)} ms  p95=${baseline.latency.p95.toFixed(1)} ms`);
console.log(await baselineAnswers(items, async (q) => (await retriever.invoke(q))[0]?.pageContent));
fs.rmSync(scratch, { recursive: true, force: true });
