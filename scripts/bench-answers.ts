// The answer text beside the LangChain baseline: its "answer" is the first three sentences of its top chunk.
// Scored with the same measures as `werktafel eval` (src/eval/gold.ts).
import type { EvalItem } from '../src/eval/evaluate.js';
import { carriesGold, quotesReference } from '../src/eval/gold.js';
import { splitSentences } from '../src/ingest/sentences.js';

export async function baselineAnswers(items: EvalItem[], topChunk: (question: string) => Promise<string | undefined>): Promise<string> {
  const lines: string[] = [];
  for (const lang of [...new Set(items.map((i) => i.lang))].sort()) {
    const answerable = items.filter((i) => i.lang === lang && i.kind !== 'unanswerable');
    let gold = 0;
    let references = 0;
    for (const item of answerable) {
      const answer = {
        answer: splitSentences((await topChunk(item.question)) ?? '')
          .slice(0, 3)
          .join('\n'),
        abstained: false,
      };
      if (carriesGold(answer, item.quote)) gold++;
      if (quotesReference(answer)) references++;
    }
    lines.push(
      `  ${lang}: answer carries gold=${(gold / (answerable.length || 1)).toFixed(2)}  reference quotes=${references}  (first three sentences of the top chunk)`,
    );
  }
  return lines.join('\n');
}
