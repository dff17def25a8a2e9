import type { MarkedSentence } from '../../ingest/debris.js';
import { contentWords, fold } from '../../retrieval/analyzer.js';
import type { Source } from '../compose.js';
import { aboutText, sentenceStems, weightedOverlap, withoutHeadings } from '../compose.js';
import { hasCue, isAnaphoric, isSignpost, type QuestionForm, writtenMeasure } from '../../retrieval/asked.js';
import { factPattern, type FactQuestion, mentions, statesAsked, statesFact, subjectContext } from '../specific.js';
import type { Language } from '../../core/types.js';

// The answer model's inputs. Every feature is general: how much of the question a sentence or passage holds (rare
// words weighing more), where it stands, whether it states the kind of fact asked, whether the question's own names
// stand in it. Nothing here names a question; the weights come from `npm run fit` (knowledge/model/answer-model.json).

/** What the features need to know about the question, computed once. */
export interface Asked {
  lang: Language;
  kind: QuestionForm;
  fact: FactQuestion;
  /**
   * The subjects as the member wrote them that none of the answer passages mentions. A name whose capitals came back
   * from the documents (a question typed in lower case) may be a common word they capitalise once ("Nieuwsbrief #4"),
   * so it is left out: it rules nothing out.
   */
  unread: string[];
  /** The asking sentences' index terms and what retrieval matched, weighted by idf. */
  terms: Map<string, number>;
  /** The asking sentences' own stems only, weighted by idf; a stem no document uses weighs as the rarest. */
  askedTerms: Map<string, number>;
  /** The same without the stems no document uses: what of the question the documents can hold at all. */
  knownTerms: Map<string, number>;
  /**
   * Content words of the question, whether the documents use them (a stem or a compound part), and how much more the
   * documents use them than everyday language (log ratio).
   */
  words: {
    word: string;
    known: boolean;
    specificity: number;
    /** How rare in everyday language, log(1 + 1000 / (uses per million + 1)); 0 for a word of a name. */
    rarity: number;
  }[];
  /** Share of the question's stems that stand in a section heading of the documents. */
  topic: number;
  /** The question asks about the present state ("op dit moment", "currently"). */
  present: boolean;
  /** The asking sentences are about the asker's own affairs ("mijn belastingaanslag", "my rent payments"). */
  personal: boolean;
  /** Phrases the member quoted, folded ('omklapconstructie'). */
  quoted: string[];
  /** A Dutch count question's counted noun is a word the documents never use in any form: they cannot count it. */
  countedUnused: boolean;
}

export interface Candidate {
  source: Source;
  idx: number;
  text: string;
  x: number[];
}

export interface Feature {
  name: string;
  about: string;
  /**
   * For a question feature: the direction in which it may move p(answerable), when that direction is plain (more of
   * the question found → more answerable; a name the documents never mention → less). The fit keeps the sign.
   */
  answers?: 1 | -1;
}

export const SENTENCE_FEATURES: Feature[] = [
  { name: 'overlap', about: 'share of the question’s idf mass in the sentence (stems, compound parts, translations)' },
  {
    name: 'overlap_asked',
    about: 'share of the idf mass of the asking sentence’s own words in the sentence (a word no document uses weighs most)',
  },
  { name: 'overlap_relative', about: 'the sentence’s overlap relative to the best overlap among the candidates' },
  { name: 'overlap_before', about: 'share of the question’s idf mass in the sentence right before it' },
  { name: 'overlap_after', about: 'share of the question’s idf mass in the sentence right after it' },
  { name: 'passage_coverage', about: 'share of the question’s idf mass in the passage and its neighbours (retrieval)' },
  { name: 'passage_score', about: 'square root of the passage’s retrieval score relative to the best passage' },
  { name: 'passage_rank', about: '1 / (1 + rank) of the passage in retrieval' },
  { name: 'first', about: 'the sentence opens its passage' },
  { name: 'position', about: 'place of the sentence in its passage, 0 (first) to 1 (last)' },
  { name: 'short', about: 'fewer than six words' },
  { name: 'long', about: 'more than fifty words' },
  { name: 'cue', about: 'holds the cue of the kind of question (a definition, a figure, a reason, a step, a list)' },
  { name: 'fact', about: 'states the kind of fact asked (a count of the asked noun, an amount, a percentage, a duration)' },
  { name: 'proximity', about: 'matched question terms stand close together (matched terms per word of their span)' },
  { name: 'subject_sentence', about: 'share of the question’s names, places and years in the sentence' },
  {
    name: 'subject_passage',
    about: 'share of the question’s names, places and years in the passage, its section or the passages near it that tell the same case',
  },
  {
    name: 'subject_absent',
    about: 'share of the question’s names, places and years that the passage and those near it do not name (0 when it names none)',
  },
  {
    name: 'fact_of_other',
    about:
      'states the kind of fact asked in a passage that, with those near it, does not name all of the question’s names, places and years',
  },
  { name: 'leans_back', about: 'leans on the sentence before it (Dit, Daarnaast, Zo …)' },
  { name: 'signpost', about: 'points into its document (a chapter, section or appendix): says where, not what' },
  { name: 'list', about: 'introduces a list (ends with a colon) or is a list item' },
  { name: 'asks', about: 'is itself a question (the documents ask it, they do not answer it)' },
  { name: 'heading', about: 'share of the question’s idf mass in the section path' },
];

export const QUESTION_FEATURES: Feature[] = [
  { name: 'coverage', about: 'share of the question’s idf mass the best passage holds', answers: 1 },
  { name: 'coverage_3', about: 'the best such share among the top three passages', answers: 1 },
  { name: 'score', about: 'log(1 + best retrieval score)', answers: 1 },
  { name: 'margin', about: '(best − second score) / best', answers: 1 },
  {
    name: 'unknown_rare',
    about:
      'share of the question’s content words that no document uses in any form, each weighed by how rare it is in everyday language (the words that say what the question is about)',
    answers: -1,
  },
  { name: 'asked_best', about: 'the highest share of the asking words’ idf mass in one of the top three passages', answers: 1 },
  { name: 'known_best', about: 'the same over the words the documents use: a word they never use does not count against it', answers: 1 },
  { name: 'subject_unknown', about: 'the question names something the documents never mention', answers: -1 },
  { name: 'subjects', about: 'the question names a place, organisation, project or year' },
  { name: 'subjects_known', about: 'share of those names that occur in the documents at all (0 without names)', answers: 1 },
  { name: 'subjects_top', about: 'share of those names in the top three passages (0 without names)', answers: 1 },
  { name: 'specific', about: 'asks a specific kind of fact (a count, amount, percentage, duration, frequency, person, contact)' },
  {
    name: 'subject_unread',
    about: 'the question names a place, organisation or year that none of the answer passages mentions (nor their titles)',
    answers: -1,
  },
  {
    name: 'fact_unstated',
    about:
      'a specific fact about a named subject, and no top passage states that kind of fact with it (or the subject is a place or name the documents never mention); a measure written out or not at all (a phone number, an exact date), or a count of a thing the documents never name (Dutch), the same without a subject',
    answers: -1,
  },
  { name: 'best_sentence', about: 'the sentence model’s highest logit among the candidates (its confidence)', answers: 1 },
  { name: 'best_overlap', about: 'the highest sentence overlap with the question', answers: 1 },
  {
    name: 'fact_with_subject',
    about: 'a candidate sentence states the kind of fact asked next to all of the question’s names (specific questions only)',
    answers: 1,
  },
  { name: 'english', about: 'the question is in English' },
  {
    name: 'topic',
    about: 'share of the question’s words (Dutch renderings of English ones) that stand in a section heading: what the documents are about',
    answers: 1,
  },
  {
    name: 'specific_best',
    about: 'the question’s word that the documents use most, compared with everyday language (log ratio of uses per million)',
  },
  { name: 'specific_mean', about: 'the same log ratio, averaged over the question’s words' },
  { name: 'present', about: 'asks about the present state (op dit moment, currently): dated reports do not hold it', answers: -1 },
  {
    name: 'personal',
    about:
      'the message up to its question is about the asker’s own affairs (mijn, my, not of their work): the documents advise organisations',
    answers: -1,
  },
  {
    name: 'fact_overlap',
    about:
      'of the candidate sentences that state the kind of fact asked, the highest share of the question’s idf mass (specific questions only)',
    answers: 1,
  },
  {
    name: 'quoted_found',
    about: 'the question quotes the documents’ own term: an answer passage holds it as written, or they use each of its words',
    answers: 1,
  },
  {
    name: 'offtopic_words',
    about:
      'how much the question’s words are those of off-topic questions: the sum of their fitted log odds (`words.offTopic`; for a training question from a fit without it)',
    answers: -1,
  },
  {
    name: 'missing_words',
    about:
      'how much the question’s words are those of facts the documents lack rather than of answered questions: the sum of their fitted log odds (`words.missing`; for a training question from a fit without it)',
    answers: -1,
  },
];

/** What the fitted word tables say of a question's words (word-odds.ts): summed log odds of each class. */
export interface WordSigns {
  offTopic: number;
  missing: number;
}

/** A list item: a bullet, "1.", "a)" or "(ii)" at the start. */
export const isItem = (s: string) => /^([•–-]\s|\d{1,2}[.)]\s|\(?[a-z]\)\s|\([ivx]{1,4}\)\s)/u.test(s);
/** A sentence that introduces a list ("De volgende voordelen zijn genoemd:"). */
export const introduces = (s: string) => /:$/.test(s);

/** Matched question terms per word of the shortest run that holds them all: 1 when adjacent, small when scattered. */
function proximity(text: string, terms: Map<string, number>): number {
  const stems = sentenceStems(text);
  const at = stems.flatMap((s, i) => (terms.has(s) ? [i] : []));
  if (at.length < 2) return at.length ? 0.5 : 0;
  return at.length / (at[at.length - 1] - at[0] + 1);
}

function share(subjects: string[], text: string): number {
  return subjects.length ? subjects.filter((s) => mentions(text, s)).length / subjects.length : 0;
}

/** The passages an answer is made of (their sentences are the candidates). */
export const ANSWER_PASSAGES = 8;

/**
 * The question's subjects that none of the answer passages mentions, in its text, section, document title or id
 * (a passage is about its publisher and year): what the question is about is not what they say.
 */
export function unreadSubjects(subjects: string[], sources: Source[]): string[] {
  const read = sources.slice(0, ANSWER_PASSAGES).map(aboutText).join(' ');
  return subjects.filter((s) => !mentions(read, s));
}

/** The sentences of the top passages that may be quoted, each with its features. */
export function candidates(asked: Asked, sources: Source[], coverage: number[], passages: number, wantsQuestions = false): Candidate[] {
  const top = Math.max(...sources.map((s) => s.score), 1e-9);
  const factRe = factPattern(asked.fact, asked.lang);
  const subjects = asked.fact.subjects;
  const out: Candidate[] = [];
  sources.slice(0, passages).forEach((source, rank) => {
    const ss = source.sentences;
    // The subjects as a passage is read: with the passages around it that tell the same case (statesFact reads so too).
    const aboutPassage = subjects.length ? share(subjects, subjectContext(source, sources, subjects)) : 0;
    const quotable = (s?: MarkedSentence) => !!s && (s.kind === 'content' || (wantsQuestions && s.kind === 'questionnaire'));
    ss.forEach((s, idx) => {
      if (!quotable(s)) return;
      const text = idx === 0 ? withoutHeadings(s.text, source.section) : s.text;
      const n = text.split(/\s+/).length;
      const stated = !!factRe && statesAsked(factRe, asked.fact, text);
      const x = [
        weightedOverlap(text, asked.terms),
        weightedOverlap(text, asked.askedTerms),
        weightedOverlap(ss[idx - 1]?.text ?? '', asked.terms),
        weightedOverlap(ss[idx + 1]?.text ?? '', asked.terms),
        coverage[rank] ?? 0,
        Math.sqrt(Math.max(source.score, 0) / top),
        1 / (1 + rank),
        idx === 0 ? 1 : 0,
        ss.length > 1 ? idx / (ss.length - 1) : 0,
        n < 6 ? 1 : 0,
        n > 50 ? 1 : 0,
        asked.kind !== 'open' && hasCue(asked.kind, text) ? 1 : 0,
        stated ? 1 : 0,
        proximity(text, asked.terms),
        share(subjects, text),
        aboutPassage,
        subjects.length ? 1 - aboutPassage : 0,
        stated && subjects.length && aboutPassage < 1 ? 1 : 0,
        isAnaphoric(text) ? 1 : 0,
        isSignpost(text) ? 1 : 0,
        introduces(text) || isItem(text) ? 1 : 0,
        /\?["”’)]?$/.test(text) ? 1 : 0,
        weightedOverlap(source.section, asked.terms),
      ];
      out.push({ source, idx, text, x });
    });
  });
  // Relative to the best candidate: within one question, what matters is which sentence overlaps most.
  const best = Math.max(1e-9, ...out.map((c) => c.x[0]));
  for (const c of out) c.x.splice(2, 0, c.x[0] / best);
  return out;
}

/** Where a sentence feature stands in a candidate's `x`, for the code that reads one by name. */
export const sentenceFeature = (name: string): number => SENTENCE_FEATURES.findIndex((f) => f.name === name);
/** Where a question feature stands in the question's features, likewise. */
export const questionFeature = (name: string): number => QUESTION_FEATURES.findIndex((f) => f.name === name);
const FACT = sentenceFeature('fact');
const SUBJECT_SENTENCE = sentenceFeature('subject_sentence');

export interface RetrievalSignals {
  scores: number[];
  coverage: number[];
  /** Whether each subject occurs anywhere in the documents the question may use. */
  subjectKnown: (subject: string) => boolean;
}

/** A quoted phrase is the documents' term: an answer passage holds it as written, or the documents use each of its words. */
function quotesDocuments(phrase: string, asked: Asked, sources: Source[]): boolean {
  if (sources.some((s) => fold([s.section, ...s.sentences.map((x) => x.text)].join(' ')).includes(phrase))) return true;
  const own = contentWords(phrase);
  return own.length > 0 && own.every((w) => asked.words.some((x) => x.word === w && x.known));
}

/**
 * Whether the passages found must state the asked fact for the question to be answered: it names a subject, asks a
 * measure that is written out or not at all, or counts a thing the documents never name.
 */
export const looksForFact = (asked: Asked): boolean =>
  asked.fact.subjects.length + asked.fact.absent.length > 0 || writtenMeasure(asked.fact.measure) || asked.countedUnused;

/**
 * The question's features; `bestLogit` is the sentence model's highest logit over the candidates, `signs` what the
 * word tables say of its words (both from other fitted parts of the model).
 */
export function questionFeatures(
  asked: Asked,
  sources: Source[],
  signals: RetrievalSignals,
  cands: Candidate[],
  bestLogit: number,
  signs: WordSigns,
): number[] {
  const { scores, coverage } = signals;
  const subjects = asked.fact.subjects;
  const top3Texts = sources.slice(0, 3).map((s) => [s.section, ...s.sentences.map((x) => x.text)].join(' '));
  const top3 = top3Texts.join(' ');
  const specific = asked.fact.kinds.length > 0;
  const rarity = asked.words.reduce((s, w) => s + w.rarity, 0);
  const unknownRare = rarity > 0 ? asked.words.filter((w) => !w.known).reduce((s, w) => s + w.rarity, 0) / rarity : 0;
  const spec = asked.words.map((w) => w.specificity);
  return [
    coverage[0] ?? 0,
    Math.max(0, ...coverage.slice(0, 3)),
    Math.log1p(Math.max(0, scores[0] ?? 0)),
    scores.length > 1 && scores[0] > 0 ? (scores[0] - scores[1]) / scores[0] : 1,
    unknownRare,
    Math.max(0, ...top3Texts.map((t) => weightedOverlap(t, asked.askedTerms))),
    Math.max(0, ...top3Texts.map((t) => weightedOverlap(t, asked.knownTerms))),
    subjects.some((s) => !signals.subjectKnown(s)) ? 1 : 0,
    subjects.length ? 1 : 0,
    subjects.length ? subjects.filter(signals.subjectKnown).length / subjects.length : 0,
    share(subjects, top3),
    specific ? 1 : 0,
    asked.unread.length ? 1 : 0,
    specific && (asked.fact.absent.length > 0 || (looksForFact(asked) && !statesFact(asked.fact, sources, asked.lang))) ? 1 : 0,
    Math.max(-10, Math.min(10, bestLogit)),
    Math.max(0, ...cands.map((c) => c.x[0])),
    specific && cands.some((c) => c.x[FACT] === 1 && (subjects.length === 0 || c.x[SUBJECT_SENTENCE] === 1)) ? 1 : 0,
    asked.lang === 'en' ? 1 : 0,
    asked.topic,
    spec.length ? Math.max(...spec) : 0,
    spec.length ? spec.reduce((a, b) => a + b, 0) / spec.length : 0,
    asked.present ? 1 : 0,
    asked.personal ? 1 : 0,
    specific ? Math.max(0, ...cands.filter((c) => c.x[FACT] === 1).map((c) => c.x[0])) : 0,
    asked.quoted.some((q) => quotesDocuments(q, asked, sources)) ? 1 : 0,
    signs.offTopic,
    signs.missing,
  ];
}
