import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import { askingSentences } from '../text/sentences.js';

// The kind of question decides what leads the answer (knowledge/lexicon/question-kinds.json).

export type QuestionKind = 'definition' | 'figure' | 'why' | 'how' | 'list' | 'open';

interface KindsFile {
  kinds: { kind: Exclude<QuestionKind, 'open'>; question: string; cues: string }[];
  anaphora: string;
}

let loaded: { kinds: { kind: QuestionKind; question: RegExp; cues: RegExp }[]; anaphora: RegExp } | undefined;

function data() {
  if (!loaded) {
    const file = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'knowledge', 'lexicon', 'question-kinds.json'), 'utf8')) as KindsFile;
    loaded = {
      kinds: file.kinds.map((k) => ({ kind: k.kind, question: new RegExp(k.question, 'iu'), cues: new RegExp(k.cues, 'iu') })),
      anaphora: new RegExp(file.anaphora, 'u'),
    };
  }
  return loaded;
}

export function questionKind(question: string): QuestionKind {
  const q = askingSentences(question);
  return data().kinds.find((k) => k.question.test(q))?.kind ?? 'open';
}

/** A sentence that gives the kind of answer asked for (a definition, a figure, a reason …). */
export function hasCue(kind: QuestionKind, sentence: string): boolean {
  return data().kinds.find((k) => k.kind === kind)?.cues.test(sentence) ?? false;
}

/** A sentence that leans on the one before it ("Dit betekent …", "Daarnaast …"). */
export function isAnaphoric(sentence: string): boolean {
  return data().anaphora.test(sentence);
}
