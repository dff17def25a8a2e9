// Parses the arguments of `begrip`:
//   <term>                                   show
//   <term> historie|history                  earlier versions
//   <term> vaststellen|agree                 agree on the current version (project leader)
//   <term> = <definitie> [domein: sociaal] [synoniemen: a, b]   propose a (new) version

export type Domain = 'sociaal' | 'ruimtelijk';

export const LIMITS = { term: 80, definition: 1500, synonyms: 12, synonym: 80 } as const;

export type TermCommand =
  | { kind: 'show'; term: string }
  | { kind: 'history'; term: string }
  | { kind: 'agree'; term: string }
  | {
      kind: 'propose';
      term: string;
      definition: string;
      /** undefined: keep the previous version's; null: none. */
      domain?: Domain | null;
      synonyms?: string[];
    }
  | { kind: 'error'; key: string; vars?: Record<string, string | number> };

const HISTORY = /\s+(historie|history|geschiedenis|versies|versions)$/i;
const AGREE = /\s+(vaststellen|vastgesteld|agree|agreed|approve)$/i;
const OPTION = /\[\s*(domein|domain|synoniemen|synoniem|synonyms|synonym)\s*:\s*([^\]]*)\]/gi;

const DOMAINS: Record<string, Domain | null> = {
  sociaal: 'sociaal',
  social: 'sociaal',
  ruimtelijk: 'ruimtelijk',
  spatial: 'ruimtelijk',
  physical: 'ruimtelijk',
  geen: null,
  none: null,
  '': null,
};

/** Trims quotes and markup people paste around a term: "doorstroom", *doorstroom*, `doorstroom`. */
export function cleanTerm(raw: string): string {
  return raw
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["'“”‘’`*_]+|["'“”‘’`*_?:.!]+$/g, '')
    .trim();
}

function checkTerm(term: string): TermCommand | null {
  if (!term || !/[\p{L}\p{N}]/u.test(term)) return { kind: 'error', key: 'glossary.empty_term' };
  if (term.length > LIMITS.term) return { kind: 'error', key: 'glossary.term_too_long', vars: { max: LIMITS.term } };
  return null;
}

export function parseTermArgs(args: string): TermCommand {
  const text = args.trim();
  if (!text) return { kind: 'error', key: 'glossary.usage' };
  const eq = text.indexOf('=');
  if (eq < 0) {
    const kind = HISTORY.test(text) ? 'history' : AGREE.test(text) ? 'agree' : 'show';
    const term = cleanTerm(text.replace(HISTORY, '').replace(AGREE, ''));
    return checkTerm(term) ?? { kind, term };
  }
  const term = cleanTerm(text.slice(0, eq));
  const bad = checkTerm(term);
  if (bad) return bad;
  let domain: Domain | null | undefined;
  let synonyms: string[] | undefined;
  let optionError: TermCommand | null = null;
  const definition = text
    .slice(eq + 1)
    .replace(OPTION, (_m, name: string, value: string) => {
      const v = value.trim();
      if (/^dom/i.test(name)) {
        const d = DOMAINS[v.toLowerCase()];
        if (d === undefined) optionError ??= { kind: 'error', key: 'glossary.bad_domain', vars: { value: v } };
        else domain = d;
      } else {
        synonyms = v.split(/[,;]/).map(cleanTerm).filter(Boolean);
      }
      return ' ';
    })
    .replace(/\s+/g, ' ')
    .trim();
  if (optionError) return optionError;
  if (!definition) return { kind: 'error', key: 'glossary.empty_definition', vars: { term } };
  if (definition.length > LIMITS.definition) {
    return { kind: 'error', key: 'glossary.definition_too_long', vars: { length: definition.length, max: LIMITS.definition } };
  }
  if (synonyms) {
    if (synonyms.length > LIMITS.synonyms) return { kind: 'error', key: 'glossary.too_many_synonyms', vars: { max: LIMITS.synonyms } };
    const long = synonyms.find((s) => s.length > LIMITS.synonym);
    if (long) return { kind: 'error', key: 'glossary.synonym_too_long', vars: { max: LIMITS.synonym } };
  }
  return { kind: 'propose', term, definition, domain, synonyms };
}
