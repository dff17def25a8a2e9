import { createHash } from 'node:crypto';
import { indexPassage, tokenCount } from '../ingest/ingest.js';
import { PAGE_BREAK, slugify } from '../ingest/loaders.js';
import { passagesInPieces } from '../ingest/chunked.js';
import { knownWords, markedSentences } from '../ingest/sentences.js';
import type { Passage } from '../ingest/types.js';
import { PostingLists } from '../retrieval/postings.js';
import { Vocabulary, type WordRows, wordRows } from '../retrieval/vocabulary.js';
import { fullCollection } from './collect.js';
import { moved, ownBuffer, type Packed, packLines, packRows, unpackRows } from './packed.js';
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
  /** The text as read (UTF-8), stored with the document. */
  text: Uint8Array;
  lines: number;
  /** Pages of a PDF; 0 for other files. */
  pages: number;
  contentHash: string;
  /** The passages (packed rows, src/documents/packed.ts) and how many. */
  passages: Packed;
  count: number;
  /** Marked sentences per passage, as stored (packed lines of JSON). */
  sentences: Packed;
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
    // Packed as they are read, a piece at a time; what the sentences need of all of them is gathered meanwhile.
    const known = new Set<string>();
    const sections = new Set<string>();
    let count = 0;
    const passages = packRows(
      mapped(passagesInPieces({ docId, file: input.file, title, text }), (p, i) => {
        collectEvery(i);
        knownWords([p], known);
        const section = p.section.split(' > ')[0].trim();
        if (section) sections.add(section);
        count++;
        return p;
      }),
    );
    if (count === 0) throw new UploadError('empty');
    const out: ReadOutput = {
      kind,
      title,
      key,
      docId,
      text: ownBuffer(Buffer.from(text)),
      lines: occurrences(text, '\n') + 1,
      pages: kind === 'pdf' ? occurrences(text, `\n${PAGE_BREAK}\n`) + 1 : 0,
      contentHash: createHash('sha256').update(text).digest('hex'),
      passages,
      count,
      sentences: packLines(mapped(markedSentences(unpackRows<Passage>(passages), known), (m) => JSON.stringify(m))),
      sections: [...sections],
    };
    return moved(out, [out.text, ...out.passages, ...out.sentences]);
  } catch (err) {
    if (err instanceof UploadError) return { refused: err.problem, detail: err.detail };
    throw err;
  }
}

/** Passages between two collections of a worker's heap. */
const COLLECT_EVERY = 5_000;

/**
 * The worker's heap collected every COLLECT_EVERY passages of a large file (src/documents/collect.ts): V8 would let
 * a parse's garbage grow towards the worker's heap cap, and with the main thread and PGlite that is the process's
 * peak. It costs the worker tens of ms each time, never the main thread.
 */
function collectEvery(i: number): void {
  if (i > 0 && i % COLLECT_EVERY === 0) fullCollection();
}

/** Occurrences of `part` in a text, counted without splitting it. */
function occurrences(text: string, part: string): number {
  let n = 0;
  for (let i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
  return n;
}

function* mapped<A, B>(items: Iterable<A>, f: (a: A, i: number) => B): Generator<B> {
  let i = 0;
  for (const a of items) yield f(a, i++);
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
  /** The new document's passages, packed as read returned them. */
  passages: Packed;
  /** Ids taken from the passages' sequence for `passages`, in order. */
  ids: number[];
  shared: WordRows;
  others: StoredPassage[];
  /** The shared corpus's average passage length, when there is one. */
  avgLength: number | null;
}

export interface IndexOutput {
  /** Per passage, packed: [tokens, terms, tfs] (array literals), as stored. */
  indexed: Packed;
  groupWords: WordRows;
  /** Packed PostingRow rows. */
  postings: Packed;
}

/** The new document's terms, the group's words and the group's postings, as src/documents/store.ts stores them. */
export function index(input: IndexInput): IndexOutput {
  // The new passages are gone through three times from their packed form, never all held as objects.
  const passages = () => unpackRows<Passage>(input.passages);
  const texts = function* () {
    for (const p of input.others) yield `${p.heading} ${p.text}`;
    for (const p of passages()) yield `${p.heading} ${p.text}`;
  };
  // Compound splitting knows the shared words and the group's own, this document's included.
  const own = Vocabulary.fromTexts(texts()).df;
  const shared = new Vocabulary(
    new Map(input.shared.words.map((w, i) => [w, input.shared.df[i]])),
    input.shared.terms.filter((_, i) => input.shared.words[i].length >= 6),
  );
  const vocab = shared.withGroup(input.groupId, own);
  let tokens = input.others.reduce((s, r) => s + r.token_count, 0);
  let count = input.others.length;
  for (const p of passages()) {
    tokens += tokenCount(p.text);
    count++;
  }
  const avgLength = Math.fround(input.avgLength ?? Math.max(1, tokens / (count || 1)));
  // One passage at a time: its terms go to the posting lists and are let go, only the stored form is kept.
  const lists = new PostingLists(avgLength);
  for (const p of input.others)
    lists.add({ id: p.id, token_count: p.token_count, terms: JSON.parse(p.terms), tfs: JSON.parse(p.tfs), scope: input.groupId });
  const indexed = packRows(
    mapped(passages(), (p, i) => {
      collectEvery(i);
      const { tokens, terms, tfs, termList, tfList } = indexPassage(p, vocab);
      lists.add({ id: input.ids[i], token_count: tokens, terms: termList, tfs: tfList, scope: input.groupId });
      return [tokens, terms, tfs];
    }),
  );
  const postings = packRows(lists.eachRow());
  return moved({ indexed, groupWords: wordRows(own), postings }, [...indexed, ...postings]);
}
