import { builtinFeature } from './core/builtin.js';
import type { Feature } from './core/feature.js';
import { decisionsFeature } from './decisions/feature.js';
import { documentsFeature } from './documents/feature.js';
import { glossaryFeature } from './glossary/feature.js';
import { groupsFeature } from './groups/commands.js';
import { privacyFeature } from './privacy/feature.js';
import { qaFeature } from './qa/feature.js';
import { stepsFeature } from './steps/feature.js';

/** The features of the bot, in help order. Add a feature here; adapters need no change. */
export function allFeatures(): Feature[] {
  return [qaFeature, documentsFeature, stepsFeature, glossaryFeature, decisionsFeature, groupsFeature, privacyFeature, builtinFeature()];
}
