import type { Citation } from '../core/types.js';
import { mentions, stemSequence } from '../glossary/names.js';
import { loadSeeds, seedCitation, type SeedTerm } from '../glossary/seeds.js';

// "Wat is Housing First?": the definition the documents give (knowledge/glossary/seed.json) leads the answer,
// cited at the passage that holds it. The group's agreed definition, when there is one, goes before it (qa/feature.ts).

export interface DefinitionLead {
  text: string;
  citation: Citation;
  /** True when a composed sentence only repeats the definition. */
  covers(sentence: string): boolean;
}

const key = (s: string) => s.toLowerCase().replace(/[^\p{L}\d]+/gu, ' ').trim();

/** The seed whose name (longest first) the question mentions as consecutive words. */
export function seedInQuestion(question: string): SeedTerm | null {
  const stems = stemSequence(question);
  let best: { seed: SeedTerm; len: number } | null = null;
  for (const seed of loadSeeds()) {
    for (const name of [seed.term, ...seed.synonyms]) {
      if (name.length > (best?.len ?? 0) && mentions(stems, name)) best = { seed, len: name.length };
    }
  }
  return best?.seed ?? null;
}

export function definitionLead(question: string, citations: Citation[]): DefinitionLead | null {
  const seed = seedInQuestion(question);
  if (!seed) return null;
  const { file, lines } = seed.source;
  const at = citations.find((c) => c.file === file && c.lines[0] <= lines[1] && lines[0] <= c.lines[1]);
  const citation = at ?? { ...seedCitation(seed, citations.length + 1), kind: 'body' };
  const parts = seed.definition.split(' … ').map(key);
  return {
    text: seed.definition,
    citation,
    covers: (sentence) => {
      const k = key(sentence);
      return parts.some((p) => p.length > 20 && (p.includes(k) || k.includes(p)));
    },
  };
}
