import type { Language } from '../../core/types.js';
import { contentWords, fold, isStopword, splitCompound, stem, words } from '../../retrieval/analyzer.js';
import { dutchSynonyms, englishToDutch, matchPhrases } from '../../retrieval/lexicon.js';
import { type Hit, quotedPhrases } from '../../retrieval/search.js';
import { perVocabulary, type Vocabulary } from '../../retrieval/vocabulary.js';
import { generalPerMillion } from '../../retrieval/general-usage.js';
import type { Queryable } from '../../storage/db.js';
import { type Source, weightedTerms } from '../compose.js';
import { loadIdf, loadSources, termsToWeigh } from '../extractive.js';
import { asksPersonal, asksPresent, questionForm } from '../../retrieval/asked.js';
import { factQuestion, nameWords } from '../specific.js';
import { askingSentences, withoutRemarks } from '../../text/sentences.js';
import {
  ANSWER_PASSAGES,
  type Asked,
  type Candidate,
  candidates,
  questionFeature,
  questionFeatures,
  sentenceFeature,
  unreadSubjects,
  type WordSigns,
} from './features.js';
import { type AnswerModel, logit, sigmoid } from './model.js';
import { tableWords, wordSigns } from './word-odds.js';

const FACT_OF_OTHER = sentenceFeature('fact_of_other');

// What the documents hold for a question, as the answer model reads it: the candidate sentences of the best
// passages with their features, and the question's own features. The model's verdict is `judge`.

export interface Evidence {
  asked: Asked;
  sources: Source[];
  candidates: Candidate[];
  /**
   * The question's features, given the sentence model's best logit and what the word tables say of its words (the fit
   * needs them before those parts of the model exist).
   */
  questionX(bestLogit: number, signs?: WordSigns): number[];
}

/** A word the documents use in some form: itself, a compound of their words, a paraphrase, a translation. */
export function knownWord(word: string, vocab: Vocabulary, lang: Language): boolean {
  if (vocab.usesForm(word) || /\d/.test(word) || dutchSynonyms().has(word)) return true;
  if (lang === 'en' && englishToDutch().has(word)) return true;
  return splitCompound(word, vocab.known) !== null;
}

/**
 * Stems of a question's words. The documents are Dutch: an English phrase the lexicon renders stands for its Dutch
 * words, and any other English word for itself (a name the documents use as is, or a word no document holds).
 */
function dutchStems(text: string, lang: Language): string[] {
  if (lang !== 'en') return contentWords(text).map(stem);
  const tokens = words(text);
  const { targets, covered } = matchPhrases(tokens, englishToDutch());
  const rest = tokens.filter((w, i) => !covered.has(i) && w.length > 1 && !isStopword(w));
  return [...new Set([...targets.flatMap((t) => contentWords(t)), ...rest].map(stem))];
}

const topicShare = (stems: string[], headings: Set<string>) => {
  const distinct = new Set(stems);
  return distinct.size ? [...distinct].filter((t) => headings.has(t)).length / distinct.size : 0;
};

const totals = new WeakMap<Vocabulary, number>();

/** Uses of all words in the documents (each counted once per passage, as `df` counts them). */
function wordUses(vocab: Vocabulary): number {
  let n = 0;
  for (const df of vocab.df.values()) n += df;
  return Math.max(1, n);
}

/**
 * How much more often the documents use a word than everyday language does: the log of the ratio of uses per million
 * words. An English word counts with the most used of its Dutch renderings, a Dutch word the documents do not use with
 * the paraphrases the lexicon gives it ("omklapwoning": "omklappen"). High for the documents' own subject
 * (woonzorg, corporatie), low for ordinary words of another subject that the documents hardly or never use.
 */
function specificity(word: string, vocab: Vocabulary, lang: Language, phrase: string[] = []): number {
  if (!totals.has(vocab)) totals.set(vocab, wordUses(vocab));
  const total = totals.get(vocab)!;
  const byStem = stemUses(vocab);
  // A form the documents do not use counts with the other forms of its word (huurzorgcontract, huurzorgcontracten).
  const usesOf = (w: string) => Math.max(vocab.df.get(w) ?? 0, byStem.get(stem(w)) ?? 0);
  const rendered = lang === 'en' || usesOf(word) === 0;
  const renderings = rendered
    ? [...((lang === 'en' ? englishToDutch() : dutchSynonyms()).get(word) ?? []), ...phrase].flatMap((t) => contentWords(t))
    : [];
  const uses = Math.max(...[word, ...renderings].map(usesOf));
  const ratio = Math.log((((uses + 0.5) / total) * 1e6) / generalPerMillion(word, lang));
  if (uses > 0) return ratio;
  // A compound the documents do not use as a whole is as specific as its parts on average (sport + subsidie).
  const parts = lang === 'nl' ? splitCompound(word, (w) => (vocab.df.get(w) ?? 0) > 0) : null;
  if (parts) return parts.reduce((s, p) => s + specificity(p, vocab, lang), 0) / parts.length;
  // A word the documents never use in any form is no sign of their subject, however rare it is in everyday language
  // (the smoothing of the documents' small count would otherwise make it look specific).
  if (knownWord(word, vocab, lang) || phrase.length) return ratio;
  // An English word the lexicon cannot render says nothing either way: the documents are Dutch.
  return lang === 'en' ? 0 : Math.min(0, ratio);
}

/** What the English lexicon phrase a word of the question stands in renders ("young" in "young person": jongere). */
function phraseRenderings(question: string, lang: Language): Map<string, string[]> {
  if (lang !== 'en') return new Map();
  const tokens = words(question);
  const { covered } = matchPhrases(tokens, englishToDutch());
  return new Map([...covered].map(([i, targets]) => [tokens[i], targets]));
}

const stemCache = new WeakMap<Vocabulary, Map<string, number>>();

/** Uses of each stem in the documents: the most used of its word forms. */
function stemUses(vocab: Vocabulary): Map<string, number> {
  let found = stemCache.get(vocab);
  if (!found) {
    found = new Map();
    for (const [w, df] of vocab.df) {
      const t = stem(w);
      if (df > (found.get(t) ?? 0)) found.set(t, df);
    }
    stemCache.set(vocab, found);
  }
  return found;
}

/** Stems of the section headings of the documents a question may use: what the documents are about. */
const headingStems = perVocabulary(async (db, vocab) => {
  const { rows } = await db.query<{ section: string }>(
    `SELECT DISTINCT p.section FROM passages p JOIN documents d ON d.id = p.document_id
     WHERE (d.group_id IS NULL OR d.group_id = $1) AND d.staged_at IS NULL`,
    [vocab.group],
  );
  return new Set(rows.flatMap((r) => contentWords(r.section ?? '').map(stem)));
});

export async function gatherEvidence(
  db: Queryable,
  vocab: Vocabulary,
  question: string,
  lang: Language,
  hits: Hit[],
  opts: {
    wantsQuestions: boolean;
    /** The question as typed, before the documents' names got their capitals back. */
    typed?: string;
  },
): Promise<Evidence> {
  const sources = await loadSources(db, hits);
  // The asking sentences' own stems (of an English question: their Dutch renderings); one no document uses weighs as
  // the rarest.
  const stems = dutchStems(askingSentences(question), lang);
  const idf = await loadIdf(db, [...termsToWeigh(question, hits), ...stems], vocab.group);
  const known = (w: string) => (vocab.df.get(w) ?? 0) > 0;
  const rarest = Math.max(1, ...stems.map(idf));
  const own = new Map(stems.map((t) => [t, idf(t) || rarest]));
  const fact = factQuestion(question, known);
  // What the member says after the question is a remark on it, not what it is about.
  const said = withoutRemarks(question);
  const phrases = phraseRenderings(question, lang);
  const names = new Set([...fact.subjects, ...fact.absent].flatMap((n) => words(n)));
  const typedSubjects = opts.typed === undefined || opts.typed === question ? fact.subjects : factQuestion(opts.typed, known).subjects;
  const asked: Asked = {
    lang,
    kind: questionForm(question),
    fact,
    unread: unreadSubjects(
      fact.subjects.filter((s) => typedSubjects.includes(s)),
      sources,
    ),
    terms: weightedTerms(said, sources, idf),
    askedTerms: own,
    knownTerms: new Map([...own].filter(([t]) => idf(t) > 0)),
    // Figures and years say nothing about the subject (a name with digits does: Place2BU).
    words: [...new Set(contentWords(said).filter((w) => !/^\d/.test(w)))].map((word) => ({
      word,
      known: knownWord(word, vocab, lang) || phrases.has(word),
      specificity: specificity(word, vocab, lang, phrases.get(word)),
      // A name is no topic: a place the documents never mention makes a missing fact, not another subject.
      rarity: names.has(word) ? 0 : Math.log(1 + 1000 / (generalPerMillion(word, lang) + 1)),
    })),
    topic: topicShare(dutchStems(said, lang), await headingStems(db, vocab)),
    present: asksPresent(question),
    personal: asksPersonal(question),
    quoted: quotedPhrases(question),
    countedUnused: lang === 'nl' && fact.counted !== undefined && !vocab.usesForm(fold(fact.counted)),
  };
  const coverage = hits.map((h) => h.coverage);
  const cands = candidates(asked, sources, coverage, ANSWER_PASSAGES, opts.wantsQuestions);
  const subjectKnown = (s: string) => nameWords(s).every((w) => known(fold(w)) || known(stem(fold(w))));
  const signals = { scores: hits.map((h) => h.score), coverage, subjectKnown };
  return {
    asked,
    sources,
    candidates: cands,
    questionX: (best, signs = NO_SIGNS) => questionFeatures(asked, sources, signals, cands, best, signs),
  };
}

const NO_SIGNS: WordSigns = { offTopic: 0, missing: 0 };

export interface Verdict {
  /** Candidates with the sentence model's logit, best first. */
  ranked: (Candidate & { logit: number })[];
  pAnswerable: number;
  answerable: boolean;
  /** Refused as about something else: the member reads what the documents are about instead. */
  offTopic: boolean;
  /** The question's features as decided on. */
  question: number[];
}

/**
 * A sentence stating the asked kind of fact for another subject: a figure for Amersfoort where Utrecht's was asked, in
 * a passage that, with those near it, does not name Utrecht. That is never the answer: an answer led by one is refused
 * (the refusal names what is missing and may quote the other figure, labelled as such), and one quoted after the lead
 * is labelled too (`selectParts`). (A place the documents never mention is `fact_unstated`, so `ruledOut`.) Read from the question's
 * features (a specific fact asked) and the candidate's (`fact_of_other`).
 */
export function statesOthersFact(questionX: number[], x: number[]): boolean {
  return questionX[SPECIFIC] === 1 && x[FACT_OF_OTHER] === 1;
}

const FACT_UNSTATED = questionFeature('fact_unstated');
const SUBJECT_UNREAD = questionFeature('subject_unread');
const SPECIFIC = questionFeature('specific');
const SUBJECTS = questionFeature('subjects');

/**
 * Refused whatever the gates say: a specific fact (a count, an amount, a duration …) asked about a named subject that
 * no passage found states with the subject (the documents do not give it, however much else they say about the
 * subject) or about a place or name the documents never mention, or a named subject that none of the answer passages
 * mentions at all.
 */
export const ruledOut = (questionX: number[]): boolean => questionX[FACT_UNSTATED] === 1 || questionX[SUBJECT_UNREAD] === 1;

/** Three to one that a question about a subject the documents discuss is about something else: the off-topic sentence. */
const SURE_OFF_TOPIC = 0.75;

export function judge(evidence: Evidence, model: AnswerModel): Verdict {
  const ranked = evidence.candidates.map((c) => ({ ...c, logit: logit(model.sentence, c.x) })).sort((a, b) => b.logit - a.logit);
  const qx = evidence.questionX(ranked[0]?.logit ?? -10, wordSigns(model.words, tableWords(evidence.asked)));
  return { ranked, question: qx, ...decide(model, qx, ranked[0]?.x) };
}

/**
 * The model's decision from the question's features and the lead candidate's alone (`undefined`: no candidate), so
 * that a fit can be scored on features gathered once (scripts/gold-cv.ts).
 */
export function decide(model: AnswerModel, qx: number[], lead: number[] | undefined): Omit<Verdict, 'ranked' | 'question'> {
  const pAnswerable = sigmoid(logit(model.answerable, qx));
  const pOffTopic = sigmoid(logit(model.offTopic, qx));
  // Refused by the off-topic gate on its own: the sentence on what the documents are about. Any other refusal names
  // what is missing or says the documents do not answer. A specific fact about a subject the documents discuss is
  // about their subject unless the gate is sure (the words of errands, a cost or a month, come with missing facts too).
  const refusedOffTopic = pOffTopic >= (model.offTopic.threshold ?? 1);
  const offTopic = refusedOffTopic && (qx[SPECIFIC] === 0 || qx[SUBJECTS] === 0 || pOffTopic >= SURE_OFF_TOPIC);
  const answerable =
    lead !== undefined &&
    pAnswerable >= (model.answerable.threshold ?? 0.5) &&
    !refusedOffTopic &&
    !ruledOut(qx) &&
    !statesOthersFact(qx, lead);
  return { pAnswerable, answerable, offTopic };
}
