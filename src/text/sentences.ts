import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';

interface Salutations {
  greetings: string[];
  closings: string[];
  'before closings': string[];
}

let patterns: { opening: RegExp; closing: RegExp } | undefined;
/** "@Werktafel", "Hoi," "Hi team," at the start; "Alvast bedankt!", "Groet, Anna" at the end (salutations.json). */
function salutations(): { opening: RegExp; closing: RegExp } {
  if (!patterns) {
    const file = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'knowledge', 'lexicon', 'salutations.json'), 'utf8')) as Salutations;
    const any = (words: string[]) => words.map((w) => w.replace(/\s+/g, '\\s+')).join('|');
    patterns = {
      opening: new RegExp(`^\\s*(?:@[\\p{L}\\d._-]+[,:]?\\s+)?(?:(?:${any(file.greetings)})(?:\\s+[\\p{L}@-]+)?\\s*[,!:]\\s*)?`, 'iu'),
      closing: new RegExp(
        `(?:^|(?<=[.!?])\\s+)(?:(?:${any(file['before closings'])})\\s+)?(?:${any(file.closings)})\\b[^.!?]*[.!?]*\\s*$`,
        'iu',
      ),
    };
  }
  return patterns;
}

/** The message without its address, opening greeting and closing thanks: they ask nothing. */
export function withoutSalutations(text: string): string {
  const { opening, closing } = salutations();
  const bare = text.replace(opening, '').replace(closing, '');
  return bare.trim() ? bare : text;
}

/** The asking sentences of a question ("Ik schrijf een notitie. Hoeveel …?" asks the second); all of it without a '?'. */
export function askingSentences(question: string): string {
  const q = withoutSalutations(question);
  return q.match(/[^.!?]*\?/g)?.join(' ') ?? q;
}
