import fs from 'node:fs';
import path from 'node:path';
import { type CatalogEntry, listKnowledgeFiles } from '../../src/ingest/catalog.js';
import { parseDocument } from '../../src/ingest/passages.js';
import { PROJECT_ROOT } from '../../src/paths.js';

// The five shipped documents as tests read them: their catalog entry, their text and their passages as parsed.

const DOCS = path.join(PROJECT_ROOT, 'knowledge', 'documents');

/** The shipped document whose file name starts with `prefix` ("000_" or the whole name). */
export function shippedDocument(prefix: string): CatalogEntry & { text: string } {
  const entry = listKnowledgeFiles(DOCS).find((d) => d.file.startsWith(prefix));
  if (!entry) throw new Error(`No shipped document starts with ${prefix}`);
  return { ...entry, text: fs.readFileSync(path.join(DOCS, entry.file), 'utf8') };
}

export function shippedPassages(prefix: string) {
  const d = shippedDocument(prefix);
  return parseDocument({ docId: d.id, file: d.file, title: d.title, text: d.text });
}
