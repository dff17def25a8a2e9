import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';

let greeting: RegExp | undefined;
/** "Hoi," "Hi team," "Beste Werktafel," at the start of a message (knowledge/lexicon/greetings.txt). */
function greetingPattern(): RegExp {
  if (!greeting) {
    const words = fs
      .readFileSync(path.join(PROJECT_ROOT, 'knowledge', 'lexicon', 'greetings.txt'), 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .flatMap((l) => l.split(/\s+/))
      .filter(Boolean);
    greeting = new RegExp(`^\\s*(?:${words.join('|')})(?:\\s+[\\p{L}@-]+)?\\s*[,!:]\\s*`, 'iu');
  }
  return greeting;
}

/** The message without its opening greeting ("Hoi, hoeveel …?" → "hoeveel …?"): a greeting asks nothing. */
export function withoutGreeting(text: string): string {
  return text.replace(greetingPattern(), '');
}

/** The asking sentences of a question ("Ik schrijf een notitie. Hoeveel …?" asks the second); all of it without a '?'. */
export function askingSentences(question: string): string {
  const q = withoutGreeting(question);
  return q.match(/[^.!?]*\?/g)?.join(' ') ?? q;
}
