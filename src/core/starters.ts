import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import type { Language } from './types.js';

// What an AI-app surface offers before the first question (Slack's assistant panel, Teams' prompt
// starters): a greeting and a few suggested prompts, kept as data in knowledge/assistant/.

export interface StarterPrompt {
  /** Short label (Teams allows 32 characters). */
  title: string;
  /** What is sent when the member picks it. */
  message: string;
}

export interface Starters {
  greeting: string;
  /** Heading over the prompts. */
  title: string;
  prompts: StarterPrompt[];
}

const FILE = path.join(PROJECT_ROOT, 'knowledge', 'assistant', 'starters.json');
let cache: Record<Language, Starters> | undefined;

export function starters(lang: Language): Starters {
  cache ??= JSON.parse(fs.readFileSync(FILE, 'utf8')) as Record<Language, Starters>;
  return cache[lang];
}
