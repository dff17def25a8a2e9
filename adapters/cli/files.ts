import fs from 'node:fs';
import path from 'node:path';
import type { SharedFile } from '../../src/core/types.js';

// The terminal shares a file by naming its path in the line: `document toevoegen pad/naar/woonvisie.pdf`.

const PATH = /(?:^|\s)((?:\.{0,2}\/|~\/|[\w.-]+\/)?[^\s]+\.(?:pdf|docx|md|markdown|txt|text|png|jpe?g|xlsx|pptx|doc))(?=\s|$)/i;

/** The line without the path of an existing file in it, and that file; the line as is when it names none. */
export function fileInLine(line: string): { text: string; files?: SharedFile[] } {
  const m = line.match(PATH);
  if (!m) return { text: line };
  const file = path.resolve(m[1].replace(/^~(?=\/)/, process.env.HOME ?? '~'));
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return { text: line };
  const text = `${line.slice(0, m.index)} ${line.slice(m.index! + m[0].length)}`.replace(/\s+/g, ' ').trim();
  return { text, files: [{ name: path.basename(file), size: fs.statSync(file).size, ref: file }] };
}
