import { builtinFeature } from './core/builtin.js';
import type { Feature } from './core/feature.js';
import { groupsFeature } from './groups/commands.js';
import { qaFeature } from './qa/feature.js';

/** The features of the bot, in help order. Add a feature here; adapters need no change. */
export function allFeatures(): Feature[] {
  return [qaFeature, groupsFeature, builtinFeature()];
}
