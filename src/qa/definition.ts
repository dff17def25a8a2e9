import type { Citation } from '../core/types.js';
import { mentions, stemSequence } from '../glossary/names.js';
import { loadSeeds, seedCitation, type SeedTerm } from '../glossary/seeds.js';
import { isReferenceLine, type MarkedSentence } from '../ingest/debris.js';
import { contentWords, stem } from '../retrieval/analyzer.js';
import type { Queryable } from '../storage/db.js';
import { isAnaphoric, withoutFillers } from '../retrieval/asked.js';
import { isDocumentName } from '../retrieval/lexicon.js';
import { escapeRegExp } from '../text/regex.js';
import { withoutHeadings } from './compose.js';
import { type Hit, PASSAGE_COLUMNS, type PassageRow, toHit } from '../retrieval/search.js';
import { MAX_CITATION_LINES } from '../retrieval/ranking.js';

// "Wat is Housing First?": the definition the documents give (knowledge/glossary/seed.json) leads the answer,
// cited at the passage that holds it. The group's agreed definition, when there is one, goes before it (qa/feature.ts).

export interface DefinitionLead {
  text: string;
  citation: Citation;
  /** True when a composed sentence only repeats the definition. */
  covers(sentence: string): boolean;
}

const key = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\d]+/gu, ' ')
    .trim();

/**
 * The seed whose name (longest first) the question mentions as consecutive words — in the asked term when the
 * question names one ("Wat is het nadeel van een Housing First-contract?" asks no definition of Housing First).
 */
export function seedInQuestion(question: string): SeedTerm | null {
  const term = definedTerm(question);
  const stems = stemSequence(term ?? question);
  let best: { seed: SeedTerm; len: number } | null = null;
  for (const seed of loadSeeds()) {
    for (const name of [seed.term, ...seed.synonyms]) {
      if (name.length > (best?.len ?? 0) && mentions(stems, name)) best = { seed, len: name.length };
    }
  }
  return best?.seed ?? null;
}

export function definitionLead(question: string, citations: Citation[], seed = seedInQuestion(question)): DefinitionLead | null {
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

/** Words that ask what a term means; the term follows them. The ones that end right before the term come first. */
const ASKING_FOR_A_TERM = [
  'verst(?:aat|aan) (?:.+? )?onder',
  'bedoel(?:t|en|d)? (?:\\S+ ){0,4}?met',
  'meant by',
  'mean by',
  'wat (?:is|zijn|betekent|betekenen)(?! er\\b)',
  'what (?:is|are)',
  'what does',
];
const TERM_ASKED = ASKING_FOR_A_TERM.map((p) => new RegExp(`\\b(?:${p})\\s+(?:een |het |de |a |an |the )?([^?,.;:]+)`, 'iu'));
/** Asked inside a sentence ("Weet iemand wat een omklapwoning nou is?", "explain what a buddy is"): the verb comes last. */
const TERM_EMBEDDED = /\b(?:wat een|what an?)\s+([\p{L}'’-]+(?:\s[\p{L}'’-]+){0,2}?)\s+(?:is|betekent|inhoudt|means)\b/iu;

/** The term a definition question asks about: a quoted term first ("'wonen light'"), else what follows the asking words. */
export function definedTerm(question: string): string | null {
  // A quoted document name ("in het magazine 'Zo doen we dat!'") says where to look, not what is asked.
  const quoted = [...question.matchAll(/[‘'"“]([^’'"”]{3,60})[’'"”]/gu)].find((m) => !isDocumentName(m[1]));
  if (quoted) return withoutFillers(quoted[1].replace(/^(?:de|het|een|the|an?)\s+/iu, '').trim());
  const m = [...TERM_ASKED, TERM_EMBEDDED].map((re) => re.exec(question)).find(Boolean);
  const term = withoutFillers(m?.[1].replace(/\s+(?:in|van|volgens|en|bij|waar|voor|in the|and|mean)\b.*$/iu, '').trim() ?? '');
  return term.split(/\s+/).length <= 4 && term.length >= 3 ? term : null;
}

/** "Een X is …", "X betekent …": the canonical shape of a definition. */
export function definingSentence(term: string): RegExp {
  return new RegExp(`^(?:een |de |het |the |an? )?${termRe(term)}\\s+(?:is|zijn|betekent|houdt in|wil zeggen|staat voor|omvat)\\b`, 'iu');
}

/**
 * "Onder X wordt verstaan …", "Met X bedoelen we …", "… wordt met X … bedoeld", "X wordt …", "Bij X gaat het om …",
 * "een positieve bejegening (X)".
 */
export function describingSentence(term: string): RegExp {
  const t = termRe(term);
  const article = '(?:een |de |het )?';
  const shapes = [
    `\\b(?:onder|met) ${article}${t},?\\s+(?:wordt|worden|verstaan|bedoel)`, // "Onder X wordt verstaan"
    `\\b(?:wordt|worden|verstaan we) (?:er )?(?:met|onder) ${article}${t}\\b`, // "wordt met X bedoeld"
    `^${article}${t}\\s+(?:wordt|worden|biedt)\\b`, // "X wordt …"
    `^bij ${article}${t},?\\s+(?:gaat het (?:hier )?om|draait het om|staat)\\b`, // "Bij X gaat het om …"
    `\\S \\(${t}\\)`, // "een positieve bejegening (X)"
  ];
  return new RegExp(shapes.join('|'), 'iu');
}

/** Running text, a pull quote (it highlights the definition) or a footnote's prose (footnotes often define). */
const definable = (s: MarkedSentence) =>
  s.kind === 'content' || s.kind === 'duplicate' || (s.kind === 'reference' && !isReferenceLine(s.text));

const termRe = (term: string) => escapeRegExp(term).replace(/[\s-]+/g, '[\\s-]+');

/**
 * The documents' own definition of a term no seed holds: a sentence "Een X is …" anywhere in the documents (a pull
 * quote too: it highlights the definition), else one that says what X means; the passages retrieval found first.
 * Returned in the seed's shape.
 */
export async function documentDefinition(
  db: Queryable,
  question: string,
  citations: Citation[],
  group = '',
  /** Only these documents (catalog ids), when given. */
  documents?: string[],
): Promise<SeedTerm | null> {
  const term = definedTerm(question);
  if (!term) return null;
  const shapes = [definingSentence(term), describingSentence(term)];
  // Candidates from the index: the passages of the term's longest word (a rare word, so its postings are complete).
  const longest = term
    .split(/[\s-]+/)
    .flatMap(contentWords)
    .sort((x, y) => y.length - x.length)[0];
  if (!longest) return null;
  const word = stem(longest);
  // The shared documents' postings and the group's own: never another group's passages.
  const postings = await db.query<{ id: number }>(
    `SELECT unnest(passage_ids) AS id FROM term_postings WHERE term = $1 AND group_id IN ('', $2)`,
    [word, group],
  );
  const ids = postings.rows.map((r) => r.id);
  if (ids.length === 0) return null;
  const { rows } = await db.query<{
    file: string;
    doc_id: string;
    section: string;
    line_start: number;
    line_end: number;
    sentences: MarkedSentence[] | string | null;
  }>(
    `SELECT d.file, d.doc_id, p.section, p.line_start, p.line_end, p.sentences FROM passages p JOIN documents d ON d.id = p.document_id
     WHERE p.id = ANY($1::int[]) AND p.text ILIKE $2 AND (d.group_id IS NULL OR d.group_id = $3) AND d.staged_at IS NULL
       AND ($4::text[] IS NULL OR d.doc_id = ANY($4::text[])) ORDER BY d.file, p.ord`,
    [ids, `%${term.replace(/[%_\\]/g, '').replace(/[\s-]+/g, '%')}%`, group, documents ?? null],
  );
  const retrieved = (r: (typeof rows)[number]) =>
    citations.some((c) => c.file === r.file && c.lines[0] <= r.line_start && r.line_end <= c.lines[1]);
  const ordered = [...rows.filter(retrieved), ...rows.filter((r) => !retrieved(r))];
  const found = (r: (typeof rows)[number], text: string[]): SeedTerm => ({
    term,
    synonyms: [],
    domain: null,
    definition: text.join(' '),
    source: { document: r.doc_id, file: r.file, section: r.section, lines: [r.line_start, r.line_end] },
  });
  // Each passage's sentences read once, each from the term on when a heading's words were run into it.
  const termAt = termAfterSpace(term);
  const read = ordered.map((r) => {
    const ss = sentencesOf(r.sentences);
    return { r, ss, opened: ss.map((x) => afterHeadingWords(x.text, termAt)) };
  });
  for (const shape of shapes) {
    for (const { r, ss, opened } of read) {
      const k = ss.findIndex((x, i) => definable(x) && shape.test(opened[i]));
      if (k >= 0) {
        // "Dat leidt tot …" leans on the sentence before it: both are the definition.
        const from = k > 0 && isAnaphoric(opened[k]) && definable(ss[k - 1]) ? k - 1 : k;
        return found(r, opened.slice(from, k + 1));
      }
    }
  }
  // The term as a heading ("Buurtteam", "2.3 Wonen met een maatje"): the first sentences under it describe it.
  for (const { r, ss } of read) {
    const opening = ss[0] ? withoutHeadings(ss[0].text, r.section) : '';
    if (!ss[0] || opening === ss[0].text || key(headingOf(r.section)) !== key(term)) continue;
    const text = [
      opening,
      ...ss
        .slice(1)
        .filter(definable)
        .map((x) => x.text),
    ].slice(0, HEADED_SENTENCES);
    return found(r, text);
  }
  return null;
}

/**
 * A heading's words: two to eight, capitalised or short links, ending in a capitalised one ("(z)Onder Dak in Rotterdam
 * Inleiding"); not an opening word of a sentence ("Een", "Voor").
 */
const HEADING_WORDS = /^(?:[\p{Lu}\d(‘'"“]\S*\s+|\p{Ll}{1,3}\s+){1,7}[\p{Lu}\d(‘'"“]\S*\s+$/u;

/**
 * A sentence from the term on (`termAt` finds it after a space), when what stands before it are a heading's words the
 * extraction ran into it ("(z)Onder Dak in Rotterdam Inleiding (z)Onder Dak is …"); else the sentence itself.
 */
export function afterHeadingWords(sentence: string, termAt: RegExp): string {
  // A list item's or footnote's number is no part of the definition ("1. Bij een wooncoach gaat het om …").
  const text = sentence.replace(LEADING_NUMBER, '');
  // The heading may name the term too ("2.3 Voorbeeld: (z)Onder Dak in Rotterdam Inleiding (z)Onder Dak is …"): the last
  // place the term follows heading words is where the sentence starts.
  const at = [...text.matchAll(termAt)].filter((m) => HEADING_WORDS.test(text.slice(0, m.index))).at(-1);
  return at ? text.slice(at.index) : text;
}

/** The term where it follows a space, with or without its article (every place: `afterHeadingWords`). */
export const termAfterSpace = (term: string): RegExp => new RegExp(`(?<=\\s)(?:een |de |het )?${termRe(term)}\\s`, 'giu');

/** A list item's, footnote's or heading's number before the text ("1. ", "2.3 "). */
const LEADING_NUMBER = /^\d{1,2}(?:\.\d{1,2})*[.)]?\s+(?=\S)/;

/** Sentences read under a term's heading as its description: the first sentence often only opens the subject. */
const HEADED_SENTENCES = 2;

/** The last label of a section path, without its number ("2. Vormen > 2.3 Wonen met een maatje": "Wonen met een maatje"). */
const headingOf = (section: string) => (section.split(' > ').at(-1) ?? '').replace(/^[\d.]+\s*/, '');

const sentencesOf = (sentences: MarkedSentence[] | string | null): MarkedSentence[] =>
  typeof sentences === 'string' ? (JSON.parse(sentences) as MarkedSentence[]) : (sentences ?? []);

/**
 * The passage that holds a definition, as a hit ranked with `best` (the passage it goes before): the passages over the
 * definition's lines, joined while the citation stays precise. Null when the document is not (or no longer) stored.
 */
export async function definitionPassage(db: Queryable, seed: SeedTerm, group = '', best?: Hit): Promise<Hit | null> {
  const [from, to] = seed.source.lines;
  const { rows } = await db.query<PassageRow>(
    `SELECT ${PASSAGE_COLUMNS} FROM passages p JOIN documents d ON d.id = p.document_id
     WHERE d.doc_id = $1 AND p.line_start <= $3 AND p.line_end >= $2 AND (d.group_id IS NULL OR d.group_id = $4) AND d.staged_at IS NULL
     ORDER BY p.ord`,
    [seed.source.document, from, to, group],
  );
  if (rows.length === 0) return null;
  const within = rows.filter((r) => r.line_end - rows[0].line_start < MAX_CITATION_LINES);
  const row = { ...within[0], line_end: within.at(-1)!.line_end, text: within.map((r) => r.text).join(' ') };
  return toHit(row, best?.score ?? 1, best?.coverage ?? 1, true, best?.missingWords ?? []);
}
