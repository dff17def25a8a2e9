/**
 * What ingestion makes of each shared document, as one hash per stage: line roles, headings and pages,
 * passages, marked sentences. Run it before and after changing src/ingest/: a refactor must leave every hash
 * as it was; a deliberate change shows which stage and document moved. `--dump DIR` writes the stages as
 * JSON for a diff.
 *
 *   npm run ingest:fingerprint [-- --dump /tmp/before]
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { listKnowledgeFiles } from '../src/ingest/catalog.js';
import { classifyLines } from '../src/ingest/classify.js';
import { loadSource } from '../src/ingest/loaders.js';
import { parseDocument } from '../src/ingest/passages.js';
import { detectStructure } from '../src/ingest/sections.js';
import { markSentences } from '../src/ingest/sentences.js';

const dumpAt = process.argv.indexOf('--dump');
const dumpDir = dumpAt > 0 ? process.argv[dumpAt + 1] : undefined;
const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);

const dir = loadConfig().knowledgeDir;
const rows: Record<string, string>[] = [];
for (const entry of listKnowledgeFiles(dir)) {
  const source = await loadSource(path.join(dir, entry.file), { docId: entry.id, file: entry.file, title: entry.title });
  const lines = classifyLines(source.text);
  const structure = detectStructure(lines);
  const passages = parseDocument(source);
  const stages = {
    lines: lines.map((l) => [l.n, l.role, l.headerLabel ?? null, l.footnoteNo ?? null]),
    structure: { layout: structure.layout, headings: structure.headings, pages: structure.pageAt },
    passages,
    sentences: markSentences(passages),
  };
  if (dumpDir) {
    fs.mkdirSync(dumpDir, { recursive: true });
    for (const [stage, value] of Object.entries(stages)) {
      fs.writeFileSync(path.join(dumpDir, `${entry.file}.${stage}.json`), JSON.stringify(value, null, 1));
    }
  }
  rows.push({ file: entry.file, ...Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, hash(v)])) });
}
console.table(rows);
