import { builtinFeature } from './core/builtin.js';
import type { Feature } from './core/feature.js';
import { decisionsAnswerHooks, decisionsFeature } from './decisions/feature.js';
import { documentsFeature } from './documents/feature.js';
import { glossaryAnswerHooks, glossaryFeature } from './glossary/feature.js';
import { groupsFeature } from './groups/commands.js';
import { privacyFeature } from './privacy/feature.js';
import { qaFeature } from './qa/feature.js';
import type { AnswerHooks } from './qa/hooks.js';
import { stepsFeature } from './steps/feature.js';

/**
 * The features of the bot, in help order. Add a feature here; adapters need no change. Each claims its
 * commands, actions and inputs; two claims on one input stop the start (core/routes.ts).
 */
export function allFeatures(): Feature[] {
  return [qaFeature, documentsFeature, stepsFeature, glossaryFeature, decisionsFeature, groupsFeature, privacyFeature, builtinFeature()];
}

/** What features add to answers (question answering's hooks). */
export function answerHooks(): AnswerHooks[] {
  return [glossaryAnswerHooks, decisionsAnswerHooks];
}
