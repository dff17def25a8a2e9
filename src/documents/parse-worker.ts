import { createHash } from 'node:crypto';
import { indexPassage, type IndexedPassage } from '../ingest/ingest.js';
import { slugify } from '../ingest/loaders.js';
import { parseLargeDocument } from '../ingest/chunked.js';
import { markedSentences } from '../ingest/sentences.js';
import type { Passage } from '../ingest/types.js';
import { type PostingRow, PostingLists } from '../retrieval/postings.js';
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
    const passages = parseLargeDocument({ docId, file: input.file, title, text });
    if (passages.length === 0) throw new UploadError('empty');
    return {
      kind,
      title,
      key,
      docId,
      text,
      contentHash: createHash('sha256').update(text).digest('hex'),
      passages,
      sentences: Array.from(markedSentences(passages), (m) => JSON.stringify(m)),
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
  const texts = function* () {
    for (const p of input.others) yield `${p.heading} ${p.text}`;
    for (const p of input.passages) yield `${p.heading} ${p.text}`;
  };
  // Compound splitting knows the shared words and the group's own, this document's included.
  const own = Vocabulary.fromTexts(texts()).df;
  const shared = new Vocabulary(
    new Map(input.shared.words.map((w, i) => [w, input.shared.df[i]])),
    input.shared.terms.filter((_, i) => input.shared.words[i].length >= 6),
  );
  const vocab = shared.withGroup(input.groupId, own);
  let tokens = input.others.reduce((s, r) => s + r.token_count, 0);
  for (const p of input.passages) tokens += p.text.split(/\s+/).length;
  const count = input.others.length + input.passages.length;
  const avgLength = Math.fround(input.avgLength ?? Math.max(1, tokens / (count || 1)));
  // One passage at a time: its terms go to the posting lists and are let go, only the stored form is kept.
  const lists = new PostingLists(avgLength);
  for (const p of input.others)
    lists.add({ id: p.id, token_count: p.token_count, terms: JSON.parse(p.terms), tfs: JSON.parse(p.tfs), scope: input.groupId });
  const indexed = input.passages.map((p, i) => {
    const { tokens, terms, tfs, termList, tfList } = indexPassage(p, vocab);
    lists.add({ id: input.ids[i], token_count: tokens, terms: termList, tfs: tfList, scope: input.groupId });
    return { tokens, terms, tfs };
  });
  return { indexed, groupWords: wordRows(own), postings: lists.rows() };
}
