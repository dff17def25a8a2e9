/**
 * Load a source file into a SourceDocument. Line numbers (used for citations) are the lines of `text`:
 *  - .txt / .md: the file itself, read as-is;
 *  - .pdf: the text extracted by unpdf, one page after another, each page separated by a line holding only a
 *    form feed ("\f"), so page numbers can be recovered by counting form-feed lines;
 *  - .docx: the raw text extracted by mammoth (one paragraph per line, paragraphs separated by blank lines).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SourceDocument } from './types.js';

/** Separator line inserted between PDF pages. */
export const PAGE_BREAK = '\f';

export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export async function loadSource(filePath: string, meta: Partial<SourceDocument> = {}): Promise<SourceDocument> {
  const ext = path.extname(filePath).toLowerCase();
  const base = path.basename(filePath, ext);
  let text: string;
  if (ext === '.txt' || ext === '.md') {
    text = await readFile(filePath, 'utf8');
  } else if (ext === '.pdf') {
    text = await pdfText(await readFile(filePath));
  } else if (ext === '.docx') {
    const mammoth = (await import('mammoth')).default;
    const result = await mammoth.extractRawText({ buffer: await readFile(filePath) });
    text = result.value;
  } else {
    throw new Error(`Unsupported file type: ${ext} (${filePath})`);
  }
  return {
    docId: meta.docId ?? slugify(base),
    file: meta.file ?? path.basename(filePath),
    title: meta.title ?? base,
    ...(meta.publisher !== undefined ? { publisher: meta.publisher } : {}),
    ...(meta.year !== undefined ? { year: meta.year } : {}),
    text,
  };
}

async function pdfText(data: Uint8Array): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const pdf = await getDocumentProxy(new Uint8Array(data));
  const { text } = await extractText(pdf, { mergePages: false });
  return text.map((page) => page.replace(/\r\n?/g, '\n').replace(/\n+$/, '')).join(`\n${PAGE_BREAK}\n`);
}
