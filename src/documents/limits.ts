// What one upload and one group's documents may cost: named here once, read from the environment
// (the parse workers read the same), and named in the refusal a member gets.

const MB = 1024 * 1024;

const mb = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

export interface UploadLimits {
  /** What a member may share; larger files are refused before download where the platform tells the size. */
  maxBytes: number;
  /** A Word file unpacks to at most this much XML: tens of MB fit the parse heap; more is a zip bomb. */
  maxUnpackedBytes: number;
  /** A PDF's compressed streams inflate to at most this much, checked before pdf.js reads it. */
  maxInflatedBytes: number;
  /** Below this many letters per page a PDF holds scans, not text. */
  minLettersPerPage: number;
  /** Heap of a parse worker (MB): a file that needs more is refused, the process lives. */
  parseHeapMb: number;
  /** Time one file may take to read and index in a worker (ms). */
  parseTimeoutMs: number;
  /** Documents of one group, and their total text (bytes). */
  groupDocumentsMax: number;
  groupBytesMax: number;
  /** Passages stored per transaction (a large document is staged in batches, see src/documents/store.ts). */
  storeBatch: number;
  /** A staged document not renewed for this long (ms) is a crashed or failed store's leftover. */
  stagedStaleMs: number;
}

export function readUploadLimits(env: NodeJS.ProcessEnv = process.env): UploadLimits {
  return {
    maxBytes: 25 * MB,
    maxUnpackedBytes: mb(env.WERKTAFEL_DOCX_XML_MB_MAX, 32) * MB,
    maxInflatedBytes: mb(env.WERKTAFEL_PDF_INFLATED_MB_MAX, 64) * MB,
    minLettersPerPage: 20,
    parseHeapMb: mb(env.WERKTAFEL_PARSE_HEAP_MB, 512),
    parseTimeoutMs: mb(env.WERKTAFEL_PARSE_TIMEOUT_S, 180) * 1000,
    groupDocumentsMax: Math.floor(mb(env.WERKTAFEL_GROUP_DOCUMENTS_MAX, 50)),
    groupBytesMax: mb(env.WERKTAFEL_GROUP_MB_MAX, 50) * MB,
    storeBatch: Math.floor(mb(env.WERKTAFEL_STORE_BATCH, 1000)),
    stagedStaleMs: mb(env.WERKTAFEL_STAGED_STALE_S, 30) * 1000,
  };
}

export const UPLOAD_LIMITS: UploadLimits = readUploadLimits();

export const inMb = (bytes: number) => Math.round(bytes / MB);
