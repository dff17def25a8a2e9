import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import { foldOf } from '../qa/model/fit.js';
import type { EvalItem } from './evaluate.js';

// Asides people add to a question ("kort, voor onze nieuwsbrief"). The fit pads its training questions with one
// (knowledge/model/asides.json); eval pads the questions it measures with others (eval/asides.json).

/** Where the aside goes: inside the asking sentence, or as a sentence after or before the question. */
export interface Aside {
  inline?: string;
  after?: string;
  before?: string;
}

type Asides = Record<EvalItem['lang'], Aside[]>;

export const TRAINING_ASIDES = path.join(PROJECT_ROOT, 'knowledge', 'model', 'asides.json');
export const EVAL_ASIDES = path.join(PROJECT_ROOT, 'eval', 'asides.json');

export function readAsides(file: string): Asides {
  const { nl, en } = JSON.parse(fs.readFileSync(file, 'utf8')) as Asides;
  return { nl, en };
}

export function withAside(question: string, aside: Aside): string {
  const q = question.trim();
  if (aside.before) return `${aside.before} ${q}`;
  if (aside.after) return `${q} ${aside.after}`;
  const end = q.lastIndexOf('?');
  return end < 0 ? `${q}${aside.inline ?? ''}` : `${q.slice(0, end)}${aside.inline ?? ''}${q.slice(end)}`;
}

/** The question with one of the asides, the same one every run (chosen by its id); its id and labels unchanged. */
export function padded(item: EvalItem, asides: Asides): EvalItem {
  const list = asides[item.lang];
  return { ...item, question: withAside(item.question, list[foldOf(`${item.id}#aside`, list.length)]) };
}
