import type { Feature } from '../core/feature.js';
import type { AnswerHooks } from '../qa/hooks.js';
import { contentWords } from '../retrieval/analyzer.js';
import { besluit, besluiten, decisionsExporter } from './commands.js';
import { decisionsForQuestion } from './store.js';
import { annotationText } from './view.js';

export const decisionsFeature: Feature = {
  name: 'decisions',
  commands: [besluit, besluiten],
  exporters: [decisionsExporter],
};

/** The group's earlier decisions on what a question is about, shown under the answer. */
export const decisionsAnswerHooks: AnswerHooks = {
  async annotateAnswer(ctx, question) {
    const found = await decisionsForQuestion(ctx.services.db, ctx.groupId, contentWords(question));
    return found.length ? [annotationText(found, ctx.lang)] : [];
  },
};
