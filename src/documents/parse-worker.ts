import { createHash } from 'node:crypto';
import { indexPassages, type IndexedPassage } from '../ingest/ingest.js';
import { slugify } from '../ingest/loaders.js';
import { parseDocument } from '../ingest/passages.js';
import { markSentences } from '../ingest/sentences.js';
import type { Passage } from '../ingest/types.js';
import { type ForwardEntry, type PostingRow, postingRows } from '../retrieval/postings.js';
import { Vocabulary, type WordRows, wordRows } from '../retrieval/vocabulary.js';
import { readUpload, type UploadKind, UploadError, type UploadProblem } from './read-upload.js';

// What a parse worker does (src/documents/parse-pool.ts runs it in a worker thread with a heap cap and a
// time limit): reading a shared file and everything CPU-heavy about indexing it. It gets and returns plain
// data only; the main thread owns the database and writes the result.

export type Refused = { refused: UploadProblem; detail: Record<string, string | number> };

/** The key a document is found by for replacing and removing: its title, folded. */
export const nameKey = (name: string) => slugify(name);
const groupTag = (groupId: string) => createHash('sha256').update(groupId).digest('hex').slice(0, 8);

export interface ReadInput {
  groupId: string;
  file: string;
  /** The file's bytes (an upload), or its stored text (read again by a newer parser). */
  bytes?: Uint8Array;
  text?: string;
  /** The title a member gave; else the file's own. */
  title?: string;
}

export interface ReadOutput {
  kind: UploadKind | 'text';
  title: string;
  key: string;
  docId: string;
  text: string;
  contentHash: string;
  passages: Passage[];
  /** Marked sentences per passage, as stored (JSON). */
  sentences: string[];
  /** Top-level sections, in document order. */
  sections: string[];
}

export async function read(input: ReadInput): Promise<ReadOutput | Refused> {
  try {
    let kind: ReadOutput['kind'] = 'text';
    let text = input.text ?? '';
    let title = input.title?.trim() ?? '';
    if (input.bytes) {
      const read = await readUpload(input.file, input.bytes);
      ({ kind, text } = read);
      title ||= read.title;
    }
    title ||= input.file;
    const key = nameKey(title) || nameKey(input.file) || 'document';
    const docId = `g${groupTag(input.groupId)}-${key}`.slice(0, 120);
    const passages = parseDocument({ docId, file: input.file, title, text });
    if (passages.length === 0) throw new UploadError('empty');
    return {
      kind,
      title,
      key,
      docId,
      text,
      contentHash: createHash('sha256').update(text).digest('hex'),
      passages,
      sentences: markSentences(passages).map((m) => JSON.stringify(m)),
      sections: [...new Set(passages.map((p) => p.section.split(' > ')[0].trim()).filter(Boolean))],
    };
  } catch (err) {
    if (err instanceof UploadError) return { refused: err.problem, detail: err.detail };
    throw err;
  }
}

/** A passage of the group's other documents, as read from the database (terms as JSON, unparsed). */
export interface StoredPassage {
  id: number;
  token_count: number;
  heading: string;
  text: string;
  terms: string;
  tfs: string;
}

export interface IndexInput {
  groupId: string;
  passages: Passage[];
  /** Ids taken from the passages' sequence for `passages`, in order. */
  ids: number[];
  shared: WordRows;
  others: StoredPassage[];
  /** The shared corpus's average passage length, when there is one. */
  avgLength: number | null;
}

export interface IndexOutput {
  indexed: Omit<IndexedPassage, 'termList' | 'tfList'>[];
  groupWords: WordRows;
  postings: PostingRow[];
}

/** The new document's terms, the group's words and the group's postings, as src/documents/store.ts stores them. */
export function index(input: IndexInput): IndexOutput {
  const fresh = input.passages.map((p) => `${p.heading} ${p.text}`);
  // Compound splitting knows the shared words and the group's own, this document's included.
  const own = Vocabulary.fromTexts([...input.others.map((p) => `${p.heading} ${p.text}`), ...fresh]).df;
  const shared = new Vocabulary(
    new Map(input.shared.words.map((w, i) => [w, input.shared.df[i]])),
    input.shared.terms.filter((_, i) => input.shared.words[i].length >= 6),
  );
  const indexed = indexPassages(input.passages, shared.withGroup(input.groupId, own));
  const forward: ForwardEntry[] = [
    ...input.others.map((p) => ({
      id: p.id,
      token_count: p.token_count,
      terms: JSON.parse(p.terms),
      tfs: JSON.parse(p.tfs),
      scope: input.groupId,
    })),
    ...indexed.map((x, i) => ({ id: input.ids[i], token_count: x.tokens, terms: x.termList, tfs: x.tfList, scope: input.groupId })),
  ];
  const all = [...input.others, ...input.passages.map((p) => ({ token_count: p.text.split(/\s+/).length }))];
  const avgLength = Math.fround(input.avgLength ?? Math.max(1, all.reduce((s, r) => s + r.token_count, 0) / (all.length || 1)));
  return {
    indexed: indexed.map(({ tokens, terms, tfs }) => ({ tokens, terms, tfs })),
    groupWords: wordRows(own),
    postings: postingRows(forward, avgLength),
  };
}
