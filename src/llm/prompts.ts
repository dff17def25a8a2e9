import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';

/** Reads prompts/<name>.md and fills {placeholders}. */
export function renderPrompt(name: string, vars: Record<string, string>): string {
  const template = fs.readFileSync(path.join(PROJECT_ROOT, 'prompts', `${name}.md`), 'utf8');
  return template.replace(/\{(\w+)\}/g, (m, key: string) => (key in vars ? vars[key] : m));
}
