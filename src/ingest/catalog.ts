import fs from 'node:fs';
import path from 'node:path';
import { slugify } from './loaders.js';

export interface CatalogEntry {
  file: string;
  id: string;
  title: string;
  /** Short label for citations ("VNG-handreiking 2022"); see src/core/source-label.ts. */
  label?: string;
  publisher?: string;
  year?: number;
}

export const SUPPORTED_EXTENSIONS = ['.txt', '.md', '.pdf', '.docx'];

/** catalog.json entries, plus every other supported file in the folder (a user's own document). */
export function listKnowledgeFiles(dir: string): CatalogEntry[] {
  const catalogFile = path.join(dir, 'catalog.json');
  const entries: CatalogEntry[] = fs.existsSync(catalogFile)
    ? (JSON.parse(fs.readFileSync(catalogFile, 'utf8')) as { documents: CatalogEntry[] }).documents
    : [];
  const known = new Set(entries.map((e) => e.file));
  for (const file of fs.readdirSync(dir).sort()) {
    if (known.has(file) || !SUPPORTED_EXTENSIONS.includes(path.extname(file).toLowerCase())) continue;
    if (/^(readme|extraction-notes)/i.test(file)) continue;
    entries.push({ file, id: slugify(path.basename(file, path.extname(file))), title: titleFromFile(file) });
  }
  return entries.filter((e) => fs.existsSync(path.join(dir, e.file)));
}

function titleFromFile(file: string): string {
  const base = path.basename(file, path.extname(file)).replace(/[_-]+/g, ' ').trim();
  return base.charAt(0).toUpperCase() + base.slice(1);
}
