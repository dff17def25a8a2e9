import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import { ORG_KINDS, type OrgKind } from './members.js';

// The words people use for the kind of their organisation, from knowledge/organisations/kinds.json.

const MAX_KIND_WORDS = 3;

let words: Map<string, OrgKind> | null = null;

function kindWords(): Map<string, OrgKind> {
  if (words) return words;
  const file = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'knowledge', 'organisations', 'kinds.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  words = new Map();
  for (const kind of ORG_KINDS) {
    for (const w of (file[kind] as string[] | undefined) ?? []) words.set(w.toLowerCase(), kind);
  }
  return words;
}

/**
 * Splits "Tactus Jeugd zorgaanbieder" into the name and the kind named by its last word(s);
 * the longest known ending wins ("Humanitas maatschappelijk werk" → welzijn). Kind null when the
 * text does not end in a kind word, or the kind word is all there is.
 */
export function splitOrganisation(text: string): { name: string; kind: OrgKind | null } {
  const parts = text.trim().split(/\s+/);
  for (let n = Math.min(MAX_KIND_WORDS, parts.length - 1); n >= 1; n--) {
    const ending = parts
      .slice(-n)
      .join(' ')
      .toLowerCase()
      .replace(/^\(|\)$/g, '');
    const kind = kindWords().get(ending);
    if (kind)
      return {
        name: parts
          .slice(0, -n)
          .join(' ')
          .replace(/[,\s-]+$/, ''),
        kind,
      };
  }
  return { name: parts.join(' '), kind: null };
}
