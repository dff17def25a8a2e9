import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';

// Prompts: the rules go in the system message (prompts/*.md); everything a member or a document wrote — the
// question, the passages, members' step answers — goes in the user message, fenced and declared as data.

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/** Reads prompts/<name>.md and fills {placeholders} with values of our own (never member or document text). */
export function renderPrompt(name: string, vars: Record<string, string>): string {
  const template = fs.readFileSync(path.join(PROJECT_ROOT, 'prompts', `${name}.md`), 'utf8');
  return template.replace(/\{(\w+)\}/g, (m, key: string) => (key in vars ? vars[key] : m));
}

/**
 * One block of data: `<data name="…">` … `</data>`. A fence marker inside the content is defused, so text in a
 * passage or question cannot close the block and speak as the prompt.
 */
export function fence(name: string, content: string): string {
  const safe = content.replace(/<\s*\/?\s*data\b[^>]*>/gi, (m) => m.replace(/</g, '‹').replace(/>/g, '›'));
  return `<data name="${name}">\n${safe}\n</data>`;
}

/** System rules from prompts/<name>.md; the user message holds only fenced data blocks. */
export function fencedMessages(name: string, vars: Record<string, string>, blocks: [string, string][]): ChatMessage[] {
  return [
    { role: 'system', content: renderPrompt(name, vars) },
    { role: 'user', content: blocks.map(([label, content]) => fence(label, content)).join('\n\n') },
  ];
}
