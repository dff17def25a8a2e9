import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Db, Queryable } from '../storage/db.js';
import { arrayLiteral, type ForwardEntry, rebuildPostings } from '../retrieval/postings.js';
import { copyRow } from '../storage/copy.js';
import { passageTerms } from '../retrieval/terms.js';
import { Vocabulary } from '../retrieval/vocabulary.js';
import { type CatalogEntry, listKnowledgeFiles } from './catalog.js';
import { layouts } from './layouts.js';
import { loadSource } from './loaders.js';
import { parseDocument } from './passages.js';
import { markSentences } from './sentences.js';
import type { Passage } from './types.js';

/** Bump when parsing or indexing changes, so existing data directories re-ingest. */
export const INGEST_VERSION = 'v23';

export type IngestProgress = (event: {
  phase: 'start' | 'document' | 'index' | 'done';
  total: number;
  done: number;
  file?: string;
}) => void;

export interface IngestResult {
  ingested: string[];
  unchanged: string[];
  removed: string[];
  passages: number;
  ms: number;
}

/** The parser: its version and the publications' layouts. A document read by another is read again. */
export const parserVersion = () => `${INGEST_VERSION}:${layouts().version}`;

/** The file's content and the parser: a change to either parses it again. */
function hashFile(file: string): string {
  return createHash('sha256').update(parserVersion()).update(fs.readFileSync(file)).digest('hex');
}

/**
 * Brings the knowledge base in line with the documents folder: new or changed files are parsed
 * and indexed, removed files are dropped, unchanged files are left alone (content hash).
 */
export async function ensureIngested(
  db: Db,
  config: Pick<Config, 'knowledgeDir'>,
  opts: { onProgress?: IngestProgress; files?: string[]; force?: boolean } = {},
): Promise<IngestResult> {
  const started = Date.now();
  const dir = config.knowledgeDir;
  let entries = listKnowledgeFiles(dir);
  if (opts.files?.length) {
    const wanted = new Set(opts.files.map((f) => path.basename(f)));
    entries = entries.filter((e) => wanted.has(e.file));
  }
  const hashes = new Map(entries.map((e) => [e.file, hashFile(path.join(dir, e.file))]));
  const result: IngestResult = { ingested: [], unchanged: [], removed: [], passages: 0, ms: 0 };

  // The common case, nothing changed, needs no transaction and no lock.
  // Only the shared documents come from the folder; the groups' own are theirs (src/documents/store.ts).
  const { rows: current } = await db.query<{ file: string; content_hash: string }>(
    'SELECT file, content_hash FROM documents WHERE group_id IS NULL',
  );
  const stored = new Map(current.map((r) => [r.file, r.content_hash]));
  const upToDate =
    !opts.force &&
    entries.every((e) => stored.get(e.file) === hashes.get(e.file)) &&
    (Boolean(opts.files?.length) || current.every((r) => hashes.has(r.file)));
  if (upToDate) {
    result.unchanged = entries.map((e) => e.file);
    result.ms = Date.now() - started;
    return result;
  }

  await db.transaction(async (tx) => {
    // Instances starting together against one server: one ingests, the others wait and find it done.
    if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(724012)');
    const { rows: existing } = await tx.query<{ id: number; doc_id: string; file: string; content_hash: string }>(
      'SELECT id, doc_id, file, content_hash FROM documents WHERE group_id IS NULL',
    );
    const byFile = new Map(existing.map((r) => [r.file, r]));
    const changed = entries.filter((e) => opts.force || byFile.get(e.file)?.content_hash !== hashes.get(e.file));
    result.unchanged = entries.filter((e) => !changed.includes(e)).map((e) => e.file);
    if (!opts.files?.length) {
      const present = new Set(entries.map((e) => e.file));
      for (const r of existing.filter((r) => !present.has(r.file))) {
        await tx.query('DELETE FROM documents WHERE id = $1', [r.id]);
        result.removed.push(r.file);
      }
    }
    if (changed.length === 0 && result.removed.length === 0) return;

    opts.onProgress?.({ phase: 'start', total: changed.length, done: 0 });
    const parsed: { entry: CatalogEntry; lineCount: number; passages: Passage[] }[] = [];
    for (const [i, entry] of changed.entries()) {
      const source = await loadSource(path.join(dir, entry.file), {
        docId: entry.id,
        file: entry.file,
        title: entry.title,
        publisher: entry.publisher,
        year: entry.year,
      });
      parsed.push({ entry, lineCount: source.text.split('\n').length, passages: parseDocument(source) });
      opts.onProgress?.({ phase: 'document', total: changed.length, done: i + 1, file: entry.file });
    }

    // Compound splitting needs the vocabulary of the whole shared corpus, new documents included.
    const { rows: kept } = await tx.query<{ text: string; heading: string }>(
      `SELECT p.text, p.heading FROM passages p JOIN documents d ON d.id = p.document_id
       WHERE d.group_id IS NULL AND NOT (d.file = ANY($1))`,
      [changed.map((e) => e.file)],
    );
    const vocab = Vocabulary.fromTexts([
      ...kept.map((r) => `${r.heading} ${r.text}`),
      ...parsed.flatMap((d) => d.passages.map((p) => `${p.heading} ${p.text}`)),
    ]);

    const fresh: ForwardEntry[] = [];
    // Bulk loads take every new passage's id in one statement first, in the order the documents are written.
    const ids = tx.copyFrom
      ? await passageIds(
          tx,
          parsed.reduce((n, d) => n + d.passages.length, 0),
        )
      : undefined;
    for (const doc of parsed) {
      const hash = hashes.get(doc.entry.file)!;
      await tx.query('DELETE FROM documents WHERE group_id IS NULL AND (file = $1 OR doc_id = $2)', [doc.entry.file, doc.entry.id]);
      const { rows } = await tx.query<{ id: number; ord: number }>(
        `INSERT INTO documents (doc_id, file, title, publisher, year, content_hash, line_count)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [doc.entry.id, doc.entry.file, doc.entry.title, doc.entry.publisher ?? null, doc.entry.year ?? null, hash, doc.lineCount],
      );
      // The marked sentences go in with their passages: one write per row, not an insert and an update.
      const sentences = markSentences(doc.passages).map((m) => JSON.stringify(m));
      const write = tx.copyFrom ? copyPassages : insertIndexedPassages;
      const own = ids?.slice(result.passages, result.passages + doc.passages.length);
      fresh.push(...(await write(tx, rows[0].id, doc.passages, indexPassages(doc.passages, vocab), '', own, sentences)));
      result.ingested.push(doc.entry.file);
      result.passages += doc.passages.length;
    }
    opts.onProgress?.({ phase: 'index', total: changed.length, done: changed.length });
    await vocab.save(tx);
    await rebuildPostings(tx, fresh);
  });
  result.ms = Date.now() - started;
  opts.onProgress?.({ phase: 'done', total: result.ingested.length, done: result.ingested.length });
  return result;
}

/** A passage's analysed terms, ready to store: token count and the terms and frequencies as array literals. */
export interface IndexedPassage {
  tokens: number;
  terms: string;
  tfs: string;
  /** The same, for the forward index entry (tfs rounded as stored). */
  termList: string[];
  tfList: number[];
}

/** Analyses passages' terms (plain computation: a parse worker runs it for uploads). */
export function indexPassages(passages: Passage[], vocab: Vocabulary): IndexedPassage[] {
  return passages.map((p) => indexPassage(p, vocab));
}

/** One passage's analysed terms. */
export function indexPassage(p: Passage, vocab: Vocabulary): IndexedPassage {
  const terms = passageTerms(p.section, p.heading, p.text, vocab);
  const termList = [...terms.keys()];
  const tfs = [...terms.values()];
  // tfs rounded as stored (real), so the rebuilt weights are those a read-back would give.
  return {
    tokens: tokenCount(p.text),
    terms: arrayLiteral(termList),
    tfs: arrayLiteral(tfs),
    termList,
    tfList: tfs.map(Math.fround),
  };
}

/** A passage's length in tokens, as BM25 weighs it: the pieces text.split(/\s+/) makes, counted without making them. */
export function tokenCount(text: string): number {
  return (text.match(/\s+/g)?.length ?? 0) + 1;
}

/** Writes analysed passages of a document and returns their forward entries (by insert, or by COPY where the store can). */
type PassageWriter = (
  tx: Queryable,
  documentId: number,
  passages: Passage[],
  indexed: IndexedPassage[],
  scope: string,
  ids?: number[],
  sentences?: string[],
) => Promise<ForwardEntry[]>;

/**
 * Inserts analysed passages; `ids` are taken from the passages' sequence beforehand when given, and `sentences`
 * (marked, as JSON) are written with them when given, so the rows are not written twice.
 */
export const insertIndexedPassages: PassageWriter = async (tx, documentId, passages, indexed, scope, ids, sentences) => {
  const out: ForwardEntry[] = [];
  for (let i = 0; i < passages.length; i += 500) {
    const batch = passages.slice(i, i + 500);
    const terms = indexed.slice(i, i + 500);
    const { rows } = await tx.query<{ id: number; ord: number }>(
      `INSERT INTO passages (id, document_id, ord, section, heading, kind, line_start, line_end, page, text, token_count, terms, tfs, sentences)
       SELECT coalesce(i, nextval('passages_id_seq')::int), $1, o, s, h, k, ls, le, pg, t, tc, ts::text[], fs::real[], sj::jsonb
       FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::text[], $10::int[], $11::text[], $12::text[], $13::int[], $14::text[])
         AS x(o, s, h, k, ls, le, pg, t, tc, ts, fs, i, sj)
       RETURNING id, ord`,
      [
        documentId,
        batch.map((p) => p.ord),
        batch.map((p) => p.section),
        batch.map((p) => p.heading),
        batch.map((p) => p.kind),
        batch.map((p) => p.lineStart),
        batch.map((p) => p.lineEnd),
        batch.map((p) => p.page),
        batch.map((p) => p.text),
        terms.map((m) => m.tokens),
        terms.map((m) => m.terms),
        terms.map((m) => m.tfs),
        batch.map((_, j) => ids?.[i + j] ?? null),
        batch.map((_, j) => sentences?.[i + j] ?? null),
      ],
    );
    const idByOrd = new Map(rows.map((r) => [r.ord, r.id]));
    batch.forEach((p, j) =>
      out.push({ id: idByOrd.get(p.ord)!, token_count: terms[j].tokens, terms: terms[j].termList, tfs: terms[j].tfList, scope }),
    );
  }
  return out;
};

const PASSAGE_COLUMNS =
  'id, document_id, ord, section, heading, kind, line_start, line_end, page, text, token_count, terms, tfs, sentences';

/**
 * The same rows as insertIndexedPassages, bulk-loaded (Queryable.copyFrom: on PGlite a third less work than
 * array parameters). The ids are taken from the passages' sequence first, in order, as the insert takes them.
 */
export const copyPassages: PassageWriter = async (tx, documentId, passages, indexed, scope, ids, sentences) => {
  const taken = ids ?? (await passageIds(tx, passages.length));
  for (let i = 0; i < passages.length; i += 1000) {
    let data = '';
    for (let j = i; j < Math.min(i + 1000, passages.length); j++) {
      const p = passages[j];
      const m = indexed[j];
      data += copyRow([
        taken[j],
        documentId,
        p.ord,
        p.section,
        p.heading,
        p.kind,
        p.lineStart,
        p.lineEnd,
        p.page,
        p.text,
        m.tokens,
        m.terms,
        m.tfs,
        sentences?.[j],
      ]);
    }
    await tx.copyFrom!(`COPY passages (${PASSAGE_COLUMNS}) FROM '/dev/blob'`, data);
  }
  return passages.map((_, j) => ({
    id: taken[j],
    token_count: indexed[j].tokens,
    terms: indexed[j].termList,
    tfs: indexed[j].tfList,
    scope,
  }));
};

const ID_PART = 2_000;

/** Ids for `count` new passages, taken from the sequence a part at a time (one statement for 50,000 holds PGlite 0.3 s or more). */
export async function passageIds(db: Queryable, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let left = count; left > 0; left -= ID_PART) {
    const { rows } = await db.query<{ id: number }>("SELECT nextval('passages_id_seq')::int AS id FROM generate_series(1, $1)", [
      Math.min(left, ID_PART),
    ]);
    for (const r of rows) ids.push(Number(r.id));
  }
  return ids;
}
