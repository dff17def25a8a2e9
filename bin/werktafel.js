#!/usr/bin/env node
// Runs the CLI from the JavaScript that `npm ci` compiled into dist/, or, during development (tsx is a
// devDependency), from the TypeScript sources when dist/ is missing or older than the sources.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(root, 'dist', 'adapters', 'cli', 'main.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function compiledIsFresh() {
  if (!fs.existsSync(compiled)) return false;
  const built = fs.statSync(compiled).mtimeMs;
  return ['src', 'adapters'].every((d) => newestSource(path.join(root, d)) <= built);
}

if (compiledIsFresh()) {
  await import(compiled);
} else {
  const tsx = await import('tsx/esm/api').catch(() => null);
  if (!tsx) {
    console.error('werktafel: dist/ is missing or older than the sources; run `npm run build` first.');
    process.exit(1);
  }
  tsx.register();
  await import('../adapters/cli/main.ts');
}
