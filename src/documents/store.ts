import { createHash } from 'node:crypto';
import { insertPassages, parserVersion } from '../ingest/ingest.js';
import { slugify } from '../ingest/loaders.js';
import { parseDocument } from '../ingest/passages.js';
import { storeSentences } from '../ingest/sentences.js';
import { rebuildGroupPostings } from '../retrieval/postings.js';
import { Vocabulary } from '../retrieval/vocabulary.js';
import { log } from '../log.js';
import type { Db, Queryable } from '../storage/db.js';
import { UploadError } from './read-upload.js';

// A working group's own documents: stored, replaced and removed in one transaction each, so a failure
// leaves the group's documents as they were. Only the group's postings and vocabulary are rebuilt; the
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
  title: string;
  text: string;
  addedBy: string | null;
  /** When it was first added: kept when a document is read again by a newer parser. */
  addedAt?: Date;
}

/** Lock also taken by the folder ingestion (src/ingest/ingest.ts): index rebuilds never interleave. */
const INDEX_LOCK = 724012;

/** The key a document is found by for replacing and removing: its title, folded. */
export const nameKey = (name: string) => slugify(name);

const groupTag = (groupId: string) => createHash('sha256').update(groupId).digest('hex').slice(0, 8);

/** The group's document with this title or file name, or null. */
export async function findGroupDocument(db: Queryable, groupId: string, name: string): Promise<StoredDocument | null> {
  const { rows } = await db.query<DocumentRow>(
    `${SELECT_DOCUMENTS} WHERE d.group_id = $1 AND (d.name_key = $2 OR lower(d.file) = lower($3) OR d.name_key = $4 OR d.doc_id = $3)
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
  const { rows } = await db.query<DocumentRow>(`${SELECT_DOCUMENTS} WHERE d.group_id = $1 GROUP BY d.id ORDER BY d.title`, [groupId]);
  return rows.map(toDocument).filter((d) => {
    const names = `${nameKey(d.title)} ${nameKey(d.file)}`;
    return words.every((w) => names.includes(w));
  });
}

/** The shared documents, then the group's own, each with its passage count. */
export async function listDocuments(db: Queryable, groupId: string): Promise<StoredDocument[]> {
  const { rows } = await db.query<DocumentRow>(
    `${SELECT_DOCUMENTS} WHERE d.group_id IS NULL OR d.group_id = $1 GROUP BY d.id ORDER BY d.group_id IS NOT NULL, d.title`,
    [groupId],
  );
  return rows.map(toDocument);
}

export async function addGroupDocument(db: Db, groupId: string, doc: NewDocument): Promise<AddedDocument> {
  const key = nameKey(doc.title) || nameKey(doc.file) || 'document';
  const docId = `g${groupTag(groupId)}-${key}`.slice(0, 120);
  const passages = parseDocument({ docId, file: doc.file, title: doc.title, text: doc.text });
  if (passages.length === 0) throw new UploadError('empty');
  const sections = [...new Set(passages.map((p) => p.section.split(' > ')[0].trim()).filter(Boolean))];
  return db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [INDEX_LOCK]);
    const { rows: old } = await tx.query<{ id: number }>(
      'SELECT id FROM documents WHERE group_id = $1 AND (name_key = $2 OR lower(file) = lower($3))',
      [groupId, key, doc.file],
    );
    await tx.query('DELETE FROM documents WHERE id = ANY($1)', [old.map((r) => r.id)]);
    const { rows } = await tx.query<{ id: number }>(
      `INSERT INTO documents (doc_id, file, title, content_hash, line_count, group_id, name_key, source_text, added_by, parsed_with, ingested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, COALESCE($11, now())) RETURNING id`,
      [
        docId, doc.file, doc.title, createHash('sha256').update(doc.text).digest('hex'), doc.text.split('\n').length, groupId, key,
        doc.text, doc.addedBy, parserVersion(), doc.addedAt ?? null,
      ],
    );
    // Compound splitting knows the shared words and the group's own, this document's included.
    const others = await groupTexts(tx, groupId);
    const fresh = passages.map((p) => `${p.heading} ${p.text}`);
    const vocab = (await Vocabulary.load(tx)).withGroup(groupId, Vocabulary.fromTexts([...others, ...fresh]).df);
    await insertPassages(tx, rows[0].id, passages, vocab, groupId);
    await storeSentences(tx, rows[0].id, passages);
    await reindexGroup(tx, groupId);
    const stored = await findGroupDocument(tx, groupId, doc.title);
    return { document: stored!, sections, replaced: old.length > 0 };
  });
}

/**
 * Group documents read by an older parser are read again from their stored text, so an improvement to
 * ingestion reaches them too (at start, after the shared documents). One that cannot be read keeps its passages.
 */
export async function reparseGroupDocuments(db: Db): Promise<number> {
  const { rows } = await db.query<{ id: number; group_id: string; file: string; title: string }>(
    'SELECT id, group_id, file, title FROM documents WHERE group_id IS NOT NULL AND parsed_with IS DISTINCT FROM $1',
    [parserVersion()],
  );
  let done = 0;
  for (const r of rows) {
    const { rows: found } = await db.query<{ source_text: string | null; added_by: string | null; ingested_at: Date }>(
      'SELECT source_text, added_by, ingested_at FROM documents WHERE id = $1',
      [r.id],
    );
    const text = found[0]?.source_text;
    if (!text) continue; // removed meanwhile, or stored without its text
    try {
      await addGroupDocument(db, r.group_id, { file: r.file, title: r.title, text, addedBy: found[0].added_by, addedAt: new Date(found[0].ingested_at) });
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
    await tx.query('DELETE FROM documents WHERE doc_id = $1 AND group_id = $2', [found.docId, groupId]);
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
    'SELECT p.heading, p.text FROM passages p JOIN documents d ON d.id = p.document_id WHERE d.group_id = $1',
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
