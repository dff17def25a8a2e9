import type { Feature } from '../core/feature.js';
import { contentWords } from '../retrieval/analyzer.js';
import { besluit, besluiten, decisionsExporter } from './commands.js';
import { decisionsForQuestion } from './store.js';
import { annotationText } from './view.js';

export const decisionsFeature: Feature = {
  name: 'decisions',
  commands: [besluit, besluiten],
  exporters: [decisionsExporter],
  async annotateAnswer(ctx, question) {
    const found = await decisionsForQuestion(ctx.services.db, ctx.groupId, contentWords(question));
    return found.length ? [annotationText(found, ctx.lang)] : [];
  },
};
