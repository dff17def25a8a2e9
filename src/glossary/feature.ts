import type { Context, Feature } from '../core/feature.js';
import type { AnswerHooks } from '../qa/hooks.js';
import { begrip, begrippen } from './commands.js';
import { glossaryExporter } from './export.js';
import { mentions, stemSequence } from './names.js';
import { type GlossaryTerm, groupNames, latest, loadTerms } from './store.js';
import { annotation } from './view.js';

/** The group's terms that the question names, by the term itself or one of its synonyms. */
async function termsInQuestion(ctx: Context, question: string): Promise<GlossaryTerm[]> {
  const names = await groupNames(ctx.services.db, ctx.groupId);
  if (names.length === 0) return [];
  const stems = stemSequence(question);
  const ids = [...new Set(names.filter((n) => mentions(stems, n.name)).map((n) => n.termId))];
  return loadTerms(ctx.services.db, ctx.groupId, ids);
}

/** The group's agreed definitions of the terms the question names. */
async function agreedDefinitions(ctx: Context, question: string): Promise<string[]> {
  const terms = await termsInQuestion(ctx, question);
  return terms.map((term) => annotation(term, ctx.lang)).filter((a): a is string => Boolean(a));
}

export const glossaryFeature: Feature = {
  name: 'glossary',
  commands: [begrip, begrippen],
  exporters: [glossaryExporter],
};

/** An answer names the group's terms: their synonyms widen retrieval, their agreed definitions lead or follow. */
export const glossaryAnswerHooks: AnswerHooks = {
  async expandQuestion(ctx, question) {
    const terms = await termsInQuestion(ctx, question);
    return terms.flatMap((term) => [term.term, ...latest(term).synonyms]);
  },
  async annotateAnswer(ctx, question) {
    return agreedDefinitions(ctx, question);
  },
  async leadDefinition(ctx, question) {
    return agreedDefinitions(ctx, question);
  },
};
