import { insertIndexedPassages, parserVersion, passageIds } from '../ingest/ingest.js';
import { insertPostingRows, type PostingRow, rebuildGroupPostings, stagedScope } from '../retrieval/postings.js';
import { pruneGroupWords, upsertGroupWordRows, Vocabulary } from '../retrieval/vocabulary.js';
import { awaySlot } from '../core/jobs.js';
import { randomUUID } from 'node:crypto';
import { log } from '../log.js';
import type { Db, Queryable } from '../storage/db.js';
import { inMb, readUploadLimits, type UploadLimits } from './limits.js';
import { documentTurn, indexInWorker, readInWorker } from './parse-pool.js';
import type { Passage } from '../ingest/types.js';
import { batches, unpackLines, unpackRows } from './packed.js';
import { type IndexOutput, nameKey, type ReadOutput, type StoredPassage } from './parse-worker.js';
import { UploadError } from './read-upload.js';

export { nameKey } from './parse-worker.js';

// A working group's own documents: replaced and removed in one transaction each, stored staged (hidden) a
// batch at a time and then shown in one transaction, so a failure leaves the group's documents as they were. Only the group's postings and vocabulary are rebuilt; the
// shared documents' index and every other group's stay untouched.

export interface StoredDocument {
  docId: string;
  title: string;
  file: string;
  /** Owning group; null for a shared document. */
  groupId: string | null;
  passages: number;
  addedBy: string | null;
  ingestedAt: Date;
}

export interface AddedDocument {
  document: StoredDocument;
  /** Top-level sections, in document order. */
  sections: string[];
  /** The earlier version it replaced (same title or file name). */
  replaced: boolean;
}

export interface NewDocument {
  file: string;
  /** The title a member gave; else the file's own (its metadata or first heading) or its name. */
  title?: string;
  /** The file as shared, or its text as stored before (read again by a newer parser). */
  bytes?: Uint8Array;
  text?: string;
  addedBy: string | null;
  /** When it was first added: kept when a document is read again by a newer parser. */
  addedAt?: Date;
}

/** Lock also taken by the folder ingestion (src/ingest/ingest.ts): index rebuilds never interleave. */
const INDEX_LOCK = 724012;

/** The group's document with this title or file name, or null. */
export async function findGroupDocument(db: Queryable, groupId: string, name: string): Promise<StoredDocument | null> {
  const { rows } = await db.query<DocumentRow>(
    `${SELECT_DOCUMENTS} WHERE d.group_id = $1 AND d.staged_at IS NULL AND (d.name_key = $2 OR lower(d.file) = lower($3) OR d.name_key = $4 OR d.doc_id = $3)
     GROUP BY d.id ORDER BY d.name_key = $2 DESC LIMIT 1`,
    [groupId, nameKey(name), name.trim(), nameKey(name.replace(/\.[a-z0-9]+$/i, ''))],
  );
  return rows[0] ? toDocument(rows[0]) : null;
}

/**
 * The group's documents meant by `part`: the one with this exact title or file name, else every one whose
 * title or file name holds each word of it ("woonzorgakkoord" finds "Woonzorgakkoord Jongeren Lindenveen 2025").
 */
export async function matchGroupDocuments(db: Queryable, groupId: string, part: string): Promise<StoredDocument[]> {
  const exact = await findGroupDocument(db, groupId, part);
  if (exact) return [exact];
  const words = nameKey(part).split('-').filter(Boolean);
  if (words.length === 0) return [];
  const { rows } = await db.query<DocumentRow>(
    `${SELECT_DOCUMENTS} WHERE d.group_id = $1 AND d.staged_at IS NULL GROUP BY d.id ORDER BY d.title`,
    [groupId],
  );
  return rows.map(toDocument).filter((d) => {
    const names = `${nameKey(d.title)} ${nameKey(d.file)}`;
    return words.every((w) => names.includes(w));
  });
}

/** The shared documents, then the group's own, each with its passage count. */
export async function listDocuments(db: Queryable, groupId: string): Promise<StoredDocument[]> {
  const { rows } = await db.query<DocumentRow>(
    `${SELECT_DOCUMENTS} WHERE (d.group_id IS NULL OR d.group_id = $1) AND d.staged_at IS NULL GROUP BY d.id ORDER BY d.group_id IS NOT NULL, d.title`,
    [groupId],
  );
  return rows.map(toDocument);
}

/**
 * Reads and indexes a document in a parse worker (src/documents/parse-pool.ts), then stores it staged, a batch of
 * passages per transaction, and makes it visible in one short transaction (see stageDocument). Callers take a
 * `documentTurn` around it (and the download), so large documents are not held at once. The worker works from a
 * snapshot of the group's other documents; when they changed meanwhile (another upload of the same group), it is
 * indexed and staged again from the new snapshot.
 */
export async function addGroupDocument(
  db: Db,
  groupId: string,
  doc: NewDocument,
  opts: { onRead?: (read: ReadOutput) => Promise<void>; onBatch?: OnBatch } = {},
): Promise<AddedDocument> {
  const limits = readUploadLimits();
  // A member's upload is held to the group's limits; a stored text read again is not refused.
  const quota = Boolean(doc.bytes);
  if (quota) await checkGroupQuota(db, groupId, doc.file, doc.bytes!.byteLength, limits);
  // While a worker reads, this job's slot serves other jobs (other groups' questions).
  const read = await awaySlot(() => readInWorker({ groupId, file: doc.file, bytes: doc.bytes, text: doc.text, title: doc.title }));
  await opts.onRead?.(read);
  log.info({ group: groupId, passages: read.count, ...memory() }, 'group document read');
  // What an earlier attempt that crashed or failed left staged for this title goes first.
  await dropStagedDocuments(db, { groupId, key: read.key });
  const allIds = await passageIds(db, read.count);
  for (let attempt = 1; ; attempt++) {
    const snapshot = await groupSnapshot(db, groupId, read.key, doc.file);
    const indexed = await awaySlot(() =>
      indexInWorker({
        groupId,
        passages: read.passages,
        ids: allIds,
        shared: snapshot.shared,
        others: snapshot.others,
        avgLength: snapshot.avgLength,
      }),
    );
    const started = Date.now();
    const { stagedId, stagedPostings } = await stageDocument(db, groupId, doc, read, allIds, indexed, limits.storeBatch, opts.onBatch);
    /** A store that fails leaves nothing staged and the group's words as its shown documents have them. */
    const abandon = async () => {
      await dropStagedDocuments(db, { id: stagedId }).catch(() => undefined);
      await restoreGroupWords(db, groupId).catch(() => undefined);
    };
    // The group's words, new and changed ones, are written ahead (a word too many for a moment is harmless); the
    // swap only removes those of a replaced document.
    try {
      await upsertGroupWordRows(db, groupId, indexed.groupWords);
    } catch (err) {
      await abandon();
      throw err;
    }
    const shown = Date.now();
    let done: AddedDocument | null;
    let wordsMs = 0;
    try {
      // The swap: the staged document becomes the group's, replacing an earlier one of the same title, in one transaction.
      done = await db.transaction(async (tx) => {
        if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [INDEX_LOCK]);
        if ((await otherDocuments(tx, groupId, read.key, doc.file)) !== snapshot.documents && attempt < 3) return null;
        // Counted again here, with the text as read: two uploads at once cannot pass the limits together.
        if (quota) await checkGroupQuota(tx, groupId, doc.file, read.text.byteLength, limits);
        const { rows: old } = await tx.query<{ id: number }>(
          `SELECT id FROM documents WHERE group_id = $1 AND staged_at IS NULL AND (name_key = $2 OR lower(file) = lower($3))`,
          [groupId, read.key, doc.file],
        );
        await tx.query('DELETE FROM documents WHERE id = ANY($1)', [old.map((r) => r.id)]);
        const { rows: shownRows } = await tx.query<{ id: number }>(
          `UPDATE documents SET staged_at = NULL, doc_id = $2, ingested_at = COALESCE($3, now()) WHERE id = $1 AND staged_at IS NOT NULL RETURNING id`,
          [stagedId, read.docId, doc.addedAt ?? null],
        );
        // Gone: erased with its group, or taken for a crashed store's leftover by a later attempt.
        if (!shownRows[0]) throw new Error('staged document was removed before it was shown');
        const words = Date.now();
        await pruneGroupWords(tx, groupId, indexed.groupWords.words);
        wordsMs = Date.now() - words;
        // The group's postings were staged under the staged row's scope: renamed, not written again.
        await tx.query('DELETE FROM term_postings WHERE group_id = $1', [groupId]);
        const { rows: renamed } = await tx.query<{ n: number }>(
          'WITH u AS (UPDATE term_postings SET group_id = $1 WHERE group_id = $2 RETURNING 1) SELECT count(*)::int AS n FROM u',
          [groupId, stagedScope(stagedId)],
        );
        if (Number(renamed[0].n) !== stagedPostings) throw new Error('staged postings were removed before they were shown');
        const stored = await findGroupDocument(tx, groupId, read.title);
        return { document: stored!, sections: read.sections, replaced: old.length > 0 };
      });
    } catch (err) {
      await abandon();
      throw err;
    }
    // How long the batches took, and how long the swap held the database (on PGlite nothing else gets in meanwhile).
    log.info(
      { group: groupId, passages: read.count, ms: shown - started, swapMs: Date.now() - shown, wordsMs, shown: Boolean(done), ...memory() },
      'group document stored',
    );
    if (done) return done;
    await dropStagedDocuments(db, { id: stagedId });
  }
}

/** The group's words as its shown documents have them (after a store that wrote words ahead failed). */
async function restoreGroupWords(db: Db, groupId: string): Promise<void> {
  await db.transaction(async (tx) => Vocabulary.saveGroupWords(tx, groupId, await groupTexts(tx, groupId)));
}

/** Called after each staged batch (tests pause or fail a store there): passages stored so far, and what was written. */
export type OnBatch = (stored: number, phase: 'passages' | 'postings') => Promise<void>;

/**
 * Writes the document staged: its row, then its passages (with their terms and sentences) a batch per
 * transaction, giving the event loop back in between. On PGlite a transaction holds the main thread, so one batch,
 * not the whole document, is what an acknowledgement may wait for. Each batch renews `staged_at`; a failure removes
 * what was staged. Returns the staged row's id and how many postings rows it staged.
 */
async function stageDocument(
  db: Db,
  groupId: string,
  doc: NewDocument,
  read: ReadOutput,
  ids: number[],
  indexed: IndexOutput,
  size: number,
  onBatch?: OnBatch,
): Promise<{ stagedId: number; stagedPostings: number }> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO documents (doc_id, file, title, content_hash, line_count, group_id, name_key, added_by, parsed_with, ingested_at, staged_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, COALESCE($10, now()), now()) RETURNING id`,
    [
      // Unique beside the visible document of this title; it takes the real id when shown.
      `${read.docId}~${randomUUID()}`,
      doc.file,
      read.title,
      read.contentHash,
      read.lines,
      groupId,
      read.key,
      doc.addedBy,
      parserVersion(),
      doc.addedAt ?? null,
    ],
  );
  const stagedId = rows[0].id;
  try {
    // The text as read, a part per statement (migration 096): no single write holds the thread for long.
    const text = Buffer.from(read.text.buffer, read.text.byteOffset, read.text.byteLength).toString('utf8');
    for (const [part, piece] of textParts(text).entries()) {
      await renew(db, stagedId);
      await db.query('INSERT INTO document_texts (document_id, group_id, part, text) VALUES ($1, $2, $3, $4)', [
        stagedId,
        groupId,
        part,
        piece,
      ]);
    }
    const terms = unpackRows<[number, string, string]>(indexed.indexed);
    const sentences = unpackLines(read.sentences);
    let at = 0;
    for (const batch of batches(unpackRows<Passage>(read.passages), size)) {
      const forward = batch.map(() => {
        const [tokens, termList, tfs] = terms.next().value!;
        return { tokens, terms: termList, tfs, termList: [], tfList: [] };
      });
      const marked = batch.map(() => sentences.next().value!);
      await db.transaction(async (tx) => {
        await renew(tx, stagedId);
        await insertIndexedPassages(tx, stagedId, batch, forward, groupId, ids.slice(at, at + batch.length), marked);
      });
      at += batch.length;
      await betweenBatches(onBatch, at, 'passages');
    }
    // The group's postings with this document's, under the staged scope: no question searches it (a trigger of
    // migration 095 deletes them with the staged row).
    const scope = stagedScope(stagedId);
    let stagedPostings = 0;
    for (const batch of batches(unpackRows<PostingRow>(indexed.postings), Math.max(1, Math.ceil(size / 2)))) {
      await db.transaction(async (tx) => {
        await renew(tx, stagedId);
        await insertPostingRows(
          tx,
          batch.map((r) => [scope, r[1], r[2], r[3], r[4]]),
        );
      });
      stagedPostings += batch.length;
      await betweenBatches(onBatch, at, 'postings');
    }
    return { stagedId, stagedPostings };
  } catch (err) {
    await dropStagedDocuments(db, { id: stagedId }).catch(() => undefined);
    throw err;
  }
}

/** Characters per stored part of a document's text (migration 096). */
const TEXT_PART = 1_000_000;

/** The text in parts of TEXT_PART characters, never cutting a surrogate pair. */
export function textParts(text: string): string[] {
  const parts: string[] = [];
  for (let at = 0; at < text.length;) {
    let end = Math.min(text.length, at + TEXT_PART);
    if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end])) end--;
    parts.push(text.slice(at, end));
    at = end;
  }
  return parts;
}

/** A group document's stored text (its parts joined); null when none is stored. */
export async function documentText(db: Queryable, documentId: number): Promise<string | null> {
  const { rows } = await db.query<{ text: string }>('SELECT text FROM document_texts WHERE document_id = $1 ORDER BY part', [documentId]);
  return rows.length ? rows.map((r) => r.text).join('') : null;
}

/** The process's memory in MB, logged where a large upload holds most (RSS counts the parse workers and PGlite too). */
function memory() {
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round(n / 1048576);
  return { rssMb: mb(m.rss), heapMb: mb(m.heapUsed), externalMb: mb(m.external), buffersMb: mb(m.arrayBuffers) };
}

/** Marks the staged row as still being written; it is gone when erased with its group or taken for a leftover. */
async function renew(tx: Queryable, stagedId: number): Promise<void> {
  const { rows } = await tx.query('UPDATE documents SET staged_at = now() WHERE id = $1 AND staged_at IS NOT NULL RETURNING id', [
    stagedId,
  ]);
  if (!rows[0]) throw new Error('staged document was removed while it was stored');
}

/** Between batches: the event loop first (acknowledgements, questions), then a test's hook. */
async function betweenBatches(onBatch: OnBatch | undefined, stored: number, phase: 'passages' | 'postings'): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await onBatch?.(stored, phase);
}

/**
 * Deletes staged documents with their passages: one by id (a failed store's own), a group's staged copies of one
 * title (left by an earlier attempt), or with neither every one (start-up). Another store may still be writing,
 * on another instance: only rows it stopped renewing are taken, unless `staleMs` says otherwise.
 */
export async function dropStagedDocuments(
  db: Queryable,
  which: { id?: number; groupId?: string; key?: string; staleMs?: number } = {},
): Promise<number> {
  const staleMs = which.id !== undefined ? 0 : (which.staleMs ?? readUploadLimits().stagedStaleMs);
  const { rows } = await db.query<{ id: number }>(
    `DELETE FROM documents WHERE staged_at IS NOT NULL AND staged_at <= now() - make_interval(secs => $1::float8 / 1000)
       AND ($2::int IS NULL OR id = $2) AND ($3::text IS NULL OR group_id = $3) AND ($4::text IS NULL OR name_key = $4)
     RETURNING id`,
    [staleMs, which.id ?? null, which.groupId ?? null, which.key ?? null],
  );
  if (rows.length && which.id === undefined) log.info({ staged: rows.length }, 'staged documents of an unfinished store removed');
  return rows.length;
}

/** Refuses a document that would take the group past its limits (a same-named file it replaces not counted). */
async function checkGroupQuota(db: Queryable, groupId: string, file: string, bytes: number, limits: UploadLimits): Promise<void> {
  const { rows } = await db.query<{ n: number; size: string | number }>(
    `WITH kept AS (SELECT id FROM documents WHERE group_id = $1 AND staged_at IS NULL AND lower(file) <> lower($2))
     SELECT (SELECT count(*)::int FROM kept) AS n,
       (SELECT coalesce(sum(octet_length(x.text)), 0)::bigint FROM document_texts x JOIN kept ON kept.id = x.document_id) AS size`,
    [groupId, file],
  );
  const { n, size } = { n: Number(rows[0]?.n ?? 0), size: Number(rows[0]?.size ?? 0) };
  if (n + 1 > limits.groupDocumentsMax) throw new UploadError('group_count', { count: n, max: limits.groupDocumentsMax });
  if (size + bytes > limits.groupBytesMax)
    throw new UploadError('group_size', { mb: Math.ceil((size + bytes) / 1048576), max: inMb(limits.groupBytesMax) });
}

/** Which of the group's documents stay beside the new one (ids, in order): the snapshot's identity. */
async function otherDocuments(db: Queryable, groupId: string, key: string, file: string): Promise<string> {
  const { rows } = await db.query<{ id: number }>(
    'SELECT id FROM documents WHERE group_id = $1 AND staged_at IS NULL AND NOT (name_key = $2 OR lower(file) = lower($3)) ORDER BY id',
    [groupId, key, file],
  );
  return rows.map((r) => r.id).join(',');
}

/** What a parse worker needs to index a group's document: plain rows, terms left as JSON text for the worker to parse. */
async function groupSnapshot(db: Db, groupId: string, key: string, file: string) {
  return db.transaction(async (tx) => {
    const documents = await otherDocuments(tx, groupId, key, file);
    const { rows: others } = await tx.query<StoredPassage>(
      `SELECT p.id, p.token_count, p.heading, p.text, to_json(p.terms)::text AS terms, to_json(p.tfs)::text AS tfs
       FROM passages p JOIN documents d ON d.id = p.document_id
       WHERE d.group_id = $1 AND d.staged_at IS NULL AND NOT (d.name_key = $2 OR lower(d.file) = lower($3)) ORDER BY p.id`,
      [groupId, key, file],
    );
    const { rows: words } = await tx.query<{ word: string; term: string; df: number }>('SELECT word, term, df FROM vocabulary');
    const { rows: stats } = await tx.query<{ avg_length: number }>('SELECT avg_length FROM corpus_stats');
    return {
      documents,
      others: others.map((r) => ({ ...r, id: Number(r.id), token_count: Number(r.token_count) })),
      shared: { words: words.map((w) => w.word), terms: words.map((w) => w.term), df: words.map((w) => Number(w.df)) },
      avgLength: stats[0] ? Number(stats[0].avg_length) : null,
    };
  });
}

/**
 * Group documents read by an older parser are read again from their stored text, so an improvement to
 * ingestion reaches them too (at start, after the shared documents). One that cannot be read keeps its passages.
 */
export async function reparseGroupDocuments(db: Db): Promise<number> {
  const { rows } = await db.query<{ id: number; group_id: string; file: string; title: string }>(
    'SELECT id, group_id, file, title FROM documents WHERE group_id IS NOT NULL AND staged_at IS NULL AND parsed_with IS DISTINCT FROM $1',
    [parserVersion()],
  );
  let done = 0;
  for (const r of rows) {
    const { rows: found } = await db.query<{ added_by: string | null; ingested_at: Date }>(
      'SELECT added_by, ingested_at FROM documents WHERE id = $1',
      [r.id],
    );
    const text = found[0] ? await documentText(db, r.id) : null;
    if (!text) continue; // removed meanwhile, or stored without its text
    try {
      await documentTurn(() =>
        addGroupDocument(db, r.group_id, {
          file: r.file,
          title: r.title,
          text,
          addedBy: found[0].added_by,
          addedAt: new Date(found[0].ingested_at),
        }),
      );
      done++;
    } catch (err) {
      log.warn({ err: (err as Error).message, document: r.id }, 'group document not read again; its passages stay');
    }
  }
  return done;
}

/** Removes the group's document with this title or file name and all its passages; null when there is none. */
export async function removeGroupDocument(db: Db, groupId: string, name: string): Promise<StoredDocument | null> {
  return db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [INDEX_LOCK]);
    const found = await findGroupDocument(tx, groupId, name);
    if (!found) return null;
    await tx.query('DELETE FROM documents WHERE doc_id = $1 AND group_id = $2 AND staged_at IS NULL', [found.docId, groupId]);
    await reindexGroup(tx, groupId);
    return found;
  });
}

/** The group's postings and vocabulary, rebuilt from its documents (after adding, replacing or removing one). */
export async function reindexGroup(tx: Queryable, groupId: string): Promise<void> {
  await Vocabulary.saveGroupWords(tx, groupId, await groupTexts(tx, groupId));
  await rebuildGroupPostings(tx, groupId);
}

async function groupTexts(tx: Queryable, groupId: string): Promise<string[]> {
  const { rows } = await tx.query<{ heading: string; text: string }>(
    'SELECT p.heading, p.text FROM passages p JOIN documents d ON d.id = p.document_id WHERE d.group_id = $1 AND d.staged_at IS NULL',
    [groupId],
  );
  return rows.map((r) => `${r.heading} ${r.text}`);
}

interface DocumentRow {
  doc_id: string;
  title: string;
  file: string;
  group_id: string | null;
  passages: number;
  added_by: string | null;
  ingested_at: Date;
}

const SELECT_DOCUMENTS = `SELECT d.doc_id, d.title, d.file, d.group_id, d.added_by, d.ingested_at, count(p.id)::int AS passages
  FROM documents d LEFT JOIN passages p ON p.document_id = d.id`;

const toDocument = (r: DocumentRow): StoredDocument => ({
  docId: r.doc_id,
  title: r.title,
  file: r.file,
  groupId: r.group_id,
  passages: Number(r.passages),
  addedBy: r.added_by,
  ingestedAt: new Date(r.ingested_at),
});
