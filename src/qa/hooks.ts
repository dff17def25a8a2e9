import type { Context } from '../core/feature.js';
import type { Answerer } from './answerer.js';

// What other features add to a group's answers, given to question answering by src/features.ts (not
// part of the core's Feature: the core knows nothing of questions and answers).

export interface AnswerHooks {
  /** Extra retrieval terms for a question in this group (e.g. glossary synonyms). */
  expandQuestion?(ctx: Context, question: string): Promise<string[]>;
  /** Extra blocks shown under an answer (e.g. the group's agreed definition, earlier decisions). */
  annotateAnswer?(ctx: Context, question: string): Promise<string[]>;
  /** Blocks that lead the answer to a definition question (the group's agreed definition), before the documents'. */
  leadDefinition?(ctx: Context, question: string): Promise<string[]>;
}

// Question answering's services, added to the core's Services (declaration merging) and wired in src/app.ts.
declare module '../core/feature.js' {
  interface Services {
    /** The question answerer over the documents: retrieval and the answer model. */
    qa: Answerer;
    /** What the features add to answers (glossary, decisions). */
    answerHooks: AnswerHooks[];
  }
}
