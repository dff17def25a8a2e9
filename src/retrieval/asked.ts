import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import { askingSentences, withoutRemarks } from '../text/sentences.js';

// The one reading of what a question asks (knowledge/lexicon/question-kinds.json): its form (a definition, a
// reason, a way, a list, a figure) and the kinds of fact it asks for, with what a sentence holds that gives them.
// Retrieval boosts passages with the asked fact; the answer model reads both as features.

export type FactKind =
  'contact' | 'percentage' | 'money' | 'duration' | 'date' | 'frequency' | 'person' | 'age' | 'count' | 'area' | 'rating';
export type QuestionForm = 'definition' | 'figure' | 'why' | 'how' | 'list' | 'open';

/** A string, or a list of alternatives; "{{name}}" stands for the named part of that name. */
type Pattern = string | string[];

interface File {
  parts: Record<string, string>;
  forms: { form: Exclude<QuestionForm, 'figure' | 'open'>; question: Pattern; cues: Pattern }[];
  facts: {
    kinds: {
      kind: FactKind;
      question: Pattern;
      evidence: Pattern;
      caseSensitive?: boolean;
      inSentence?: boolean;
      measures?: { measure: string; question: Pattern; evidence?: Pattern; written?: boolean }[];
    }[];
  };
  countedKinds: { kinds: Record<string, string[]> };
  periods: { kinds: FactKind[]; list: { period: string; question: string; evidence: string }[] };
  figureCues: string;
  figure: { range: string; unit: string; from: string; upTo: string };
  anaphora: string;
  refersBack: string;
  signposts: string;
  present: { pattern: string };
  personal: { pattern: string; work: string[] };
  fillers: { words: string[] };
  documents: { question: Pattern; words: string };
  verbs: { words: string[] };
}

let loaded:
  | {
      forms: { form: QuestionForm; question: RegExp; cues: RegExp }[];
      facts: {
        kind: FactKind;
        question: RegExp;
        evidence: RegExp;
        inSentence: boolean;
        measures: { measure: string; question: RegExp; evidence?: RegExp; written: boolean }[];
      }[];
      countedKinds: Map<string, string[]>;
      periods: { kinds: Set<FactKind>; list: { period: string; question: RegExp; evidence: RegExp }[] };
      figureCues: RegExp;
      figure: { range: RegExp; unit: RegExp; from: RegExp; upTo: RegExp };
      anaphora: RegExp;
      refersBack: RegExp;
      signposts: RegExp;
      present: RegExp;
      personal: RegExp;
      fillers: RegExp;
      documents: { question: RegExp; words: RegExp };
      verbs: Set<string>;
    }
  | undefined;

function data() {
  if (!loaded) {
    const file = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'knowledge', 'lexicon', 'question-kinds.json'), 'utf8')) as File;
    const re = (p: Pattern, flags: string) => {
      const source = Array.isArray(p) ? p.map((alt) => `(?:${alt})`).join('|') : p;
      return new RegExp(
        source.replace(/\{\{([a-zA-Z]\w*)\}\}/g, (_m, name: string) => {
          if (!(name in file.parts)) throw new Error(`question-kinds.json: no part named "${name}"`);
          return file.parts[name];
        }),
        flags,
      );
    };
    loaded = {
      forms: file.forms.map((f) => ({ form: f.form, question: re(f.question, 'iu'), cues: re(f.cues, 'iu') })),
      facts: file.facts.kinds.map((k) => ({
        kind: k.kind,
        question: re(k.question, 'giu'),
        // Under the i flag \p{Lu} matches lower case too: a pattern that looks for a name's capitals must go without it.
        evidence: re(k.evidence, k.caseSensitive ? 'u' : 'iu'),
        inSentence: k.inSentence ?? false,
        measures: (k.measures ?? []).map((m) => ({
          measure: m.measure,
          question: re(m.question, 'iu'),
          evidence: m.evidence === undefined ? undefined : re(m.evidence, 'iu'),
          written: m.written ?? false,
        })),
      })),
      countedKinds: new Map(Object.entries(file.countedKinds.kinds)),
      periods: {
        kinds: new Set(file.periods.kinds),
        list: file.periods.list.map((p) => ({ period: p.period, question: re(p.question, 'iu'), evidence: re(p.evidence, 'iu') })),
      },
      figureCues: new RegExp(file.figureCues, 'iu'),
      figure: {
        range: re(file.figure.range, 'iu'),
        unit: re(file.figure.unit, 'iu'),
        from: re(file.figure.from, 'iu'),
        upTo: re(file.figure.upTo, 'iu'),
      },
      anaphora: new RegExp(file.anaphora, 'u'),
      refersBack: new RegExp(file.refersBack, 'u'),
      signposts: new RegExp(file.signposts, 'iu'),
      present: new RegExp(file.present.pattern, 'iu'),
      personal: new RegExp(`(?:${file.personal.pattern})(?!\\s+(?:${file.personal.work.join('|')}))`, 'iu'),
      fillers: new RegExp(`(?:\\s+(?:${file.fillers.words.join('|')}))+$`, 'iu'),
      documents: { question: re(file.documents.question, 'iu'), words: new RegExp(file.documents.words, 'iu') },
      verbs: new Set(file.verbs.words),
    };
  }
  return loaded;
}

/**
 * Every kind of fact asked; words one kind matched are not read again by the next ("hoeveel huur" is no count). And
 * the period a figure is asked per ("per jaar"), for the kinds that are stated per period.
 */
export function askedFacts(question: string): { kinds: FactKind[]; measure?: string; period?: string } {
  const asked = askingSentences(question);
  let rest = asked;
  const kinds: FactKind[] = [];
  let measure: string | undefined;
  for (const k of data().facts) {
    if (!rest.match(k.question)) continue;
    if (kinds.length === 0) measure = k.measures.find((m) => m.question.test(asked))?.measure;
    kinds.push(k.kind);
    rest = rest.replace(k.question, ' ');
  }
  const { periods } = data();
  const period = kinds.some((k) => periods.kinds.has(k)) ? periods.list.find((p) => p.question.test(asked))?.period : undefined;
  return { kinds, measure, period };
}

/** What a sentence stating a figure per `period` holds: that period ("jaarlijks", "per jaar"). */
export function periodEvidence(period: string | undefined): RegExp | undefined {
  return period === undefined ? undefined : data().periods.list.find((p) => p.period === period)?.evidence;
}

/** Kinds of the counted thing whose count states its count ("studio" for "woningen"); none for most nouns. */
export function countedKinds(noun: string): string[] {
  return data().countedKinds.get(noun) ?? [];
}

/**
 * A figure's whole span around what a kind's pattern found at `at` (length `length`) in `text`: from the start of its
 * range ("drie tot " of "drie tot vijf jaar") to the end of its word and its units ("per cliënt per vier weken"), or on to
 * the other end of a range written around other words.
 */
export function figureSpan(text: string, at: number, length: number): [number, number] {
  const { range, unit, from, upTo } = data().figure;
  const units = (end: number) => end + (unit.exec(text.slice(end))?.[0].length ?? 0);
  const start = at - (range.exec(text.slice(0, at))?.[0].length ?? 0);
  const end = units(at + length);
  // "van 330 euro voor twee kamers tot 460 euro": the range reads on to its other end.
  const opened = from.exec(text.slice(0, start));
  const other = opened && upTo.exec(text.slice(end));
  return other ? [start - opened[0].length, units(end + other[0].length)] : [start, end];
}

/** What a sentence holds when it states a fact of this kind. */
export function factEvidence(kind: FactKind): RegExp {
  return kindNamed(kind).evidence;
}

const kindNamed = (kind: FactKind) => data().facts.find((k) => k.kind === kind)!;

/**
 * A fact of this kind is said of the subject in the sentence that states it (or under a heading that names the
 * subject): a date a few sentences on dates another event.
 */
export function statedInSentence(kind: FactKind): boolean {
  return kindNamed(kind).inSentence;
}

/** What a sentence that states this measure names besides the figure (a rent: renting), when the lexicon says. */
export function measureEvidence(measure: string | undefined): RegExp | undefined {
  return measureNamed(measure)?.evidence;
}

const measureNamed = (measure: string | undefined) =>
  measure === undefined
    ? undefined
    : data()
        .facts.flatMap((k) => k.measures)
        .find((m) => m.measure === measure);

/**
 * A measure that is written out or not at all (a phone number, an exact date): when the passages found for a question
 * do not write it, the documents do not give it, whether or not the question names a subject.
 */
export function writtenMeasure(measure: string | undefined): boolean {
  return measureNamed(measure)?.written ?? false;
}

/** The form of the question: a figure when it asks for a kind of fact, else the first form whose pattern matches. */
export function questionForm(question: string): QuestionForm {
  const q = askingSentences(question);
  const form = data().forms.find((f) => f.question.test(q))?.form;
  if (form === 'definition') return form;
  return askedFacts(question).kinds.length ? 'figure' : (form ?? 'open');
}

/** A sentence that gives the form of answer asked for (a definition, a figure, a reason …). */
export function hasCue(form: QuestionForm, sentence: string): boolean {
  if (form === 'figure') return data().figureCues.test(sentence);
  return (
    data()
      .forms.find((f) => f.form === form)
      ?.cues.test(sentence) ?? false
  );
}

/** A sentence that leans on the one before it ("Dit betekent …", "Daarnaast …"). */
export function isAnaphoric(sentence: string): boolean {
  return data().anaphora.test(sentence);
}

/** A sentence that refers back inside it ("… noemt dit concept …"): the sentence before says what it means. */
export function refersBack(sentence: string): boolean {
  return data().refersBack.test(sentence);
}

/** A sentence that points into its document ("In hoofdstuk 3 worden …"): it says where, not what. */
export function isSignpost(sentence: string): boolean {
  return data().signposts.test(sentence);
}

/** The asking sentences ask about the present state ("op dit moment", "currently"). */
export function asksPresent(question: string): boolean {
  return data().present.test(askingSentences(question));
}

/**
 * The message is about the asker's own affairs ("Mijn huurtoeslag is gestopt. Hoe …?", "my rent payments"): read up to
 * its last question mark, so a remark after the question does not count.
 */
export function asksPersonal(question: string): boolean {
  return data().personal.test(withoutRemarks(question));
}

/** A term without the words a member adds at its end that say nothing ("Housing First precies" → "Housing First"). */
export function withoutFillers(term: string): string {
  return term.replace(data().fillers, '');
}

/** The asking sentence asks about documents ("Waar gaat de handleiding over?", "Welke bronnen gebruik je?"). */
export function asksAboutDocuments(question: string): boolean {
  return data().documents.question.test(askingSentences(question).trim());
}

/** The asking sentence names the documents in general ("bronnen", "documents"), not one by kind or publisher. */
export function namesTheDocuments(question: string): boolean {
  return data().documents.words.test(askingSentences(question));
}

/** Finite verbs: words between two names that hold one of these do not name one subject. */
export function isFiniteVerb(word: string): boolean {
  return data().verbs.has(word);
}
