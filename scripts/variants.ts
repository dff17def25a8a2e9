// A bigger knowledge base for the bench: the documents plus variants of them with words swapped,
// so no two passages are identical (deduplicating identical text must not be what makes it fast).
import fs from 'node:fs';
import path from 'node:path';
import { listKnowledgeFiles } from '../src/ingest/catalog.js';

/** A small deterministic generator (mulberry32): the same corpus on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Swaps about one in six pairs of neighbouring words in lines of six words or more; short lines (headings) stay. */
export function swapWords(text: string, seed: number): string {
  const next = random(seed);
  return text
    .split('\n')
    .map((line) => {
      const parts = line.split(/( +)/);
      const words = parts.filter((_, i) => i % 2 === 0);
      if (words.filter(Boolean).length < 6) return line;
      for (let i = 1; i + 1 < words.length; i++) {
        if (words[i] && words[i + 1] && next() < 1 / 6) {
          [words[i], words[i + 1]] = [words[i + 1], words[i]];
          i++;
        }
      }
      return parts.map((p, i) => (i % 2 === 0 ? words[i / 2] : p)).join('');
    })
    .join('\n');
}

/** Copies the plain-text documents of `sourceDir` (with their catalog) and adds variants up to `count` documents. */
export function buildCorpus(sourceDir: string, targetDir: string, count: number): { files: number; bytes: number } {
  fs.mkdirSync(targetDir, { recursive: true });
  const originals = listKnowledgeFiles(sourceDir).filter((e) => e.file.endsWith('.txt'));
  const catalog = path.join(sourceDir, 'catalog.json');
  if (fs.existsSync(catalog)) fs.copyFileSync(catalog, path.join(targetDir, 'catalog.json'));
  let bytes = 0;
  const texts = originals.map((e) => fs.readFileSync(path.join(sourceDir, e.file), 'utf8'));
  originals.forEach((e, i) => {
    fs.writeFileSync(path.join(targetDir, e.file), texts[i]);
    bytes += Buffer.byteLength(texts[i]);
  });
  for (let n = originals.length; n < count; n++) {
    const i = n % originals.length;
    const text = swapWords(texts[i], n);
    fs.writeFileSync(path.join(targetDir, `variant-${String(n).padStart(4, '0')}-${path.basename(originals[i].file, '.txt')}.txt`), text);
    bytes += Buffer.byteLength(text);
  }
  return { files: Math.max(count, originals.length), bytes };
}
