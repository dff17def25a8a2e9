/**
 * Reads a file a member shared into plain text, or says precisely why it cannot be used.
 * The checks run before anything is stored, so a bad file never leaves half an ingestion behind.
 */
import { Unzip, UnzipInflate } from 'fflate';
import { PAGE_BREAK } from '../ingest/loaders.js';
import { inMb, readUploadLimits, type UploadLimits } from './limits.js';
import { inflatedSize } from './pdf-guard.js';

export { UPLOAD_LIMITS } from './limits.js';

export type UploadKind = 'pdf' | 'docx' | 'md' | 'txt';
export type UploadProblem =
  | 'type'
  | 'too_large'
  | 'empty'
  | 'encrypted'
  | 'no_text'
  | 'zip_bomb'
  | 'pdf_bomb'
  | 'too_heavy'
  | 'too_slow'
  | 'group_count'
  | 'group_size'
  | 'unreadable';

export class UploadError extends Error {
  constructor(
    readonly problem: UploadProblem,
    readonly detail: Record<string, string | number> = {},
  ) {
    super(`upload refused: ${problem}`);
  }
}

export interface UploadedText {
  kind: UploadKind;
  /** Line-oriented text as the ingestion expects it (PDF pages separated by form-feed lines). */
  text: string;
  /** Title from the file's own metadata or first heading, else the file name without extension. */
  title: string;
}

const EXTENSIONS: Record<string, UploadKind> = { pdf: 'pdf', docx: 'docx', md: 'md', markdown: 'md', txt: 'txt', text: 'txt' };

/** The kind of a file, from its first bytes where they are telling and from its name otherwise. */
export function uploadKind(name: string, bytes: Uint8Array): UploadKind {
  const ext = name.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';
  const head = Buffer.from(bytes.subarray(0, 5)).toString('latin1');
  if (head === '%PDF-') return 'pdf';
  if (head.startsWith('PK\u0003\u0004')) {
    if (EXTENSIONS[ext] === 'docx') return 'docx';
    throw new UploadError('type', { name });
  }
  const kind = EXTENSIONS[ext];
  if (kind === 'md' || kind === 'txt') return kind;
  throw new UploadError('type', { name });
}

export async function readUpload(name: string, bytes: Uint8Array, limits: UploadLimits = readUploadLimits()): Promise<UploadedText> {
  if (bytes.byteLength > limits.maxBytes)
    throw new UploadError('too_large', { mb: Math.ceil(bytes.byteLength / 1048576), max: inMb(limits.maxBytes) });
  if (bytes.byteLength === 0) throw new UploadError('empty');
  const kind = uploadKind(name, bytes);
  const fallbackTitle =
    name
      .replace(/\.[a-z0-9]+$/i, '')
      .replace(/[_]+/g, ' ')
      .trim() || name;
  let text: string;
  let title: string | undefined;
  if (kind === 'pdf') ({ text, title } = await readPdf(bytes, limits));
  else if (kind === 'docx') ({ text, title } = await readDocx(bytes, limits));
  else text = readPlain(bytes);
  if (!/\p{L}/u.test(text)) throw new UploadError('empty');
  title ??= firstHeading(text, kind);
  return { kind, text, title: title || fallbackTitle };
}

function readPlain(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Older Windows files: Latin-1 is what such a file almost always is.
    text = Buffer.from(bytes).toString('latin1');
  }
  if (text.includes('\u0000')) throw new UploadError('type', {});
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

async function readPdf(bytes: Uint8Array, limits: UploadLimits): Promise<{ text: string; title?: string }> {
  // Counted before pdf.js inflates anything; the worker's heap cap is the backstop for what this misses.
  if (inflatedSize(bytes, limits.maxInflatedBytes) > limits.maxInflatedBytes)
    throw new UploadError('pdf_bomb', { mb: inMb(limits.maxInflatedBytes) });
  const { extractText, getDocumentProxy } = await import('unpdf');
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes));
  } catch (err) {
    if ((err as Error).name === 'PasswordException') throw new UploadError('encrypted');
    throw new UploadError('unreadable');
  }
  const { text: pages } = await extractText(pdf, { mergePages: false });
  const letters = pages.join('').match(/\p{L}/gu)?.length ?? 0;
  if (letters < limits.minLettersPerPage * Math.max(1, pages.length)) throw new UploadError('no_text');
  const info: { Title?: string } | undefined = (await pdf.getMetadata().catch(() => null))?.info ?? undefined;
  const text = pages.map((page) => page.replace(/\r\n?/g, '\n').replace(/\n+$/, '')).join(`\n${PAGE_BREAK}\n`);
  return { text, title: info?.Title?.trim() || undefined };
}

/** Unpacks the Word file with a running byte count, so a zip bomb is stopped before it fills memory. */
async function unpackGuarded(bytes: Uint8Array, limits: UploadLimits): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  let total = 0;
  let failure: UploadError | null = null;
  const unzip = new Unzip((file) => {
    const chunks: Uint8Array[] = [];
    file.ondata = (err, data, final) => {
      if (failure) return;
      if (err) {
        failure = new UploadError('unreadable');
        return;
      }
      total += data.byteLength;
      if (total > limits.maxUnpackedBytes) {
        failure = new UploadError('zip_bomb', { mb: inMb(limits.maxUnpackedBytes) });
        file.terminate();
        return;
      }
      chunks.push(data);
      if (final) files.set(file.name, Buffer.concat(chunks));
    };
    // Only the parts mammoth reads; images and fonts are not needed for the text.
    if (/^(word\/|_rels\/|\[Content_Types\]\.xml$|docProps\/core\.xml$)/.test(file.name)) file.start();
  });
  unzip.register(UnzipInflate);
  try {
    // Feed in slices so the running count is checked while inflating, not after.
    const step = 64 * 1024;
    for (let i = 0; i < bytes.byteLength && !failure; i += step) unzip.push(bytes.subarray(i, i + step), i + step >= bytes.byteLength);
  } catch {
    failure ??= new UploadError('unreadable');
  }
  if (failure) throw failure;
  return files;
}

async function readDocx(bytes: Uint8Array, limits: UploadLimits): Promise<{ text: string; title?: string }> {
  const parts = await unpackGuarded(bytes, limits);
  if (!parts.has('word/document.xml')) throw new UploadError('unreadable');
  const core = parts.get('docProps/core.xml');
  const title =
    core &&
    Buffer.from(core)
      .toString('utf8')
      .match(/<dc:title>([^<]+)<\/dc:title>/)?.[1]
      ?.trim();
  // Hand mammoth a zip of only the checked parts, so it never inflates anything unchecked.
  const { zipSync } = await import('fflate');
  const clean = zipSync(Object.fromEntries(parts));
  const mammoth = (await import('mammoth')).default;
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(clean) });
    // Markdown keeps the Word headings as sections (mammoth's own Markdown output is deprecated).
    return { text: await htmlToMarkdown(result.value), title: title || undefined };
  } catch {
    throw new UploadError('unreadable');
  }
}

/** Word's HTML as plain Markdown: '#' headings, '**' bold, '-' items; text as written (no Markdown escapes). */
async function htmlToMarkdown(html: string): Promise<string> {
  const { default: TurndownService } = await import('turndown');
  const turndown = new TurndownService({ headingStyle: 'atx', strongDelimiter: '**', emDelimiter: '*', bulletListMarker: '-' });
  turndown.escape = (text) => text;
  return turndown.turndown(html);
}

function firstHeading(text: string, kind: UploadKind): string | undefined {
  if (kind !== 'md' && kind !== 'docx') return undefined;
  return text.match(/^#{1,2}\s+(.+)$/m)?.[1]?.trim();
}
