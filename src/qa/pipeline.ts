import type { Config } from '../config.js';
import { log } from '../log.js';
import { detectLanguage, t } from '../core/i18n.js';
import { sourceLabel } from '../core/source-label.js';
import type { Citation, Language } from '../core/types.js';
import { createLlm, type Llm } from '../llm/client.js';
import type { Ranking } from '../retrieval/ranking.js';
import { type Hit, lexicalSearch } from '../retrieval/search.js';
import { fuseRankings, vectorSearch } from '../retrieval/vectors.js';
import { Vocabulary } from '../retrieval/vocabulary.js';
import { documentNames, Names } from '../retrieval/names.js';
import type { Db } from '../storage/db.js';
import type { Answer, Answerer, AskOptions, Refusal } from './answerer.js';
import { type CatalogEntry, listKnowledgeFiles } from '../ingest/catalog.js';
import { documentsReply } from './documents-reply.js';
import { definitionLead, definitionPassage, documentDefinition, seedInQuestion } from './definition.js';
import { namedDocuments } from '../retrieval/lexicon.js';
import type { SeedTerm } from '../glossary/seeds.js';
import type { Part } from './compose.js';
import { renderParts } from './extractive.js';
import { generateAnswer } from './generative.js';
import { type Evidence, gatherEvidence, judge, knownWord, type Verdict } from './model/evidence.js';
import { looksForFact, sentenceFeature } from './model/features.js';
import { type AnswerModel, answerModel } from './model/model.js';
import { SELECT, selectParts } from './model/select.js';
import { CONTEXT_DEPTH, CONTEXT_PASSAGES, modelContext } from './context.js';
import { measureEvidence, questionForm } from '../retrieval/asked.js';
import { type FactQuestion, factSentence, statedFigure, statesFact } from './specific.js';
import { readQuestion } from './typo.js';
import { streamAnswer } from './streaming.js';
import { withoutSalutations } from '../text/sentences.js';

function toCitation(h: Hit, n: number, label?: string): Citation {
  return {
    n,
    document: h.docId,
    file: h.file,
    title: h.title,
    ...(label ? { label } : {}),
    section: h.section,
    kind: h.kind,
    lines: [h.lineStart, h.lineEnd],
    page: h.page,
    text: h.text,
    score: Math.round(h.score * 1000) / 1000,
    passageId: h.passageId,
  };
}

/** Groups whose vocabulary is kept between questions (the most recent ones). */
const CACHED_GROUPS = 200;

export class DocumentAnswerer implements Answerer {
  private vocab?: { stamp: string; vocab: Vocabulary };
  private labels?: Map<string, string>;
  private entries?: CatalogEntry[];
  private readonly groupVocab = new Map<string, { stamp: string; vocab: Vocabulary }>();
  private readonly llm?: Llm;

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    /** Ranking numbers other than RANKING (scripts/sweep.ts). */
    private readonly ranking?: Ranking,
    /** The fitted answer model; cross-validation passes one fitted without the questions it asks. */
    private readonly model?: AnswerModel,
  ) {
    if (config.llm) this.llm = createLlm(config.llm);
  }

  /**
   * The vocabulary of the shared documents plus the group's own, reloaded when another process re-ingested
   * or the group changed its documents (cheap stamp check, one query).
   */
  private async vocabulary(group = ''): Promise<Vocabulary> {
    const { rows } = await this.db.query<{ shared: string; own: string }>(
      `SELECT count(*) FILTER (WHERE group_id IS NULL)::text || ':' || coalesce(max(ingested_at) FILTER (WHERE group_id IS NULL)::text, '') AS shared,
              count(*) FILTER (WHERE group_id = $1)::text || ':' || coalesce(max(ingested_at) FILTER (WHERE group_id = $1)::text, '') AS own
       FROM documents WHERE (group_id IS NULL OR group_id = $1) AND staged_at IS NULL`,
      [group],
    );
    const { shared, own } = rows[0];
    if (this.vocab?.stamp !== shared) this.vocab = { stamp: shared, vocab: await Vocabulary.load(this.db) };
    if (!group) return this.vocab.vocab;
    const stamp = `${shared}|${own}`;
    let cached = this.groupVocab.get(group);
    if (cached?.stamp !== stamp) {
      cached = { stamp, vocab: this.vocab.vocab.withGroup(group, await Vocabulary.loadGroupWords(this.db, group)) };
      if (this.groupVocab.size >= CACHED_GROUPS) this.groupVocab.delete(this.groupVocab.keys().next().value!);
    }
    this.groupVocab.delete(group);
    this.groupVocab.set(group, cached);
    return cached.vocab;
  }

  /** `known`: the group's vocabulary when the caller has just read it (saves the stamp query). */
  async retrieve(question: string, opts: AskOptions & { lang: Language }, known?: Vocabulary): Promise<Hit[]> {
    const k = opts.k ?? 5;
    // Each ranking draws from a wider pool than it returns, so fusion and abstention see more than k.
    const pool = Math.max(k, 20);
    const vocab = known ?? (await this.vocabulary(opts.group));
    const lexical = await lexicalSearch(this.db, vocab, question, {
      lang: opts.lang,
      limit: pool,
      extraTerms: opts.extraTerms,
      documents: opts.documents,
      ranking: this.ranking,
    });
    if (!this.llm?.embeddingModel) return lexical.slice(0, k);
    try {
      const vector = await vectorSearch(this.db, this.llm, question, pool, opts.documents, opts.group);
      return fuseRankings(lexical, vector).slice(0, k);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'embeddings unavailable, lexical ranking only');
      return lexical.slice(0, k);
    }
  }

  /** The shared documents as the catalog lists them. */
  private catalog(): CatalogEntry[] {
    return (this.entries ??= listKnowledgeFiles(this.config.knowledgeDir));
  }

  /** Short document labels of the catalog ("VNG-handreiking 2022"), by document id. */
  private label(docId: string): string | undefined {
    this.labels ??= new Map(this.catalog().flatMap((e) => (e.label ? [[e.id, e.label] as const] : [])));
    return this.labels.get(docId);
  }

  private citations(hits: Hit[]): Citation[] {
    return hits.map((h, i) => toCitation(h, i + 1, this.label(h.docId)));
  }

  async search(query: string, opts: AskOptions = {}): Promise<Citation[]> {
    const lang = opts.language ?? detectLanguage(query);
    return this.citations(await this.retrieve(query, { ...opts, lang }));
  }

  /** The question as read (typos), its passages and what the answer model reads in them; `npm run fit` uses this too. */
  async evidence(question: string, opts: AskOptions = {}) {
    const lang = opts.language ?? detectLanguage(question);
    const vocab = await this.vocabulary(opts.group);
    // A misspelt word the vocabulary resolves is read as that word, and the answer says so.
    const bare = withoutSalutations(question);
    const reading = lang === 'nl' ? await readQuestion(vocab, bare) : { question: bare, readAs: [] };
    // Typed in lower case (or all in capitals, read as lower case): the documents' names get their capitals back, so
    // the question's subjects are read as names.
    const typed = Names.typedUpper(reading.question) ? reading.question.toLowerCase() : reading.question;
    const asked = Names.typedLower(typed) ? (await documentNames(this.db, vocab)).restore(typed, (w) => knownWord(w, vocab, lang)) : typed;
    const k = Math.max(opts.k ?? 5, CONTEXT_PASSAGES);
    // Deeper than the answer reads: the passages a model reads may reach further down (src/qa/context.ts).
    const found = (
      await this.retrieve(asked, { ...opts, lang, k: Math.max(k, CONTEXT_DEPTH) + (opts.exclude?.length ?? 0) }, vocab)
    ).filter((h) => !excluded(h, opts));
    const { hits, definition } = await this.withDefinition(asked, found.slice(0, k), k, opts);
    // Without the passage a definition brought forward, which may stand further down too.
    const deeper = found.slice(k, CONTEXT_DEPTH).filter((h) => !hits.some((x) => x.docId === h.docId && x.lineStart === h.lineStart));
    const evidence = await gatherEvidence(this.db, vocab, asked, lang, hits, { wantsQuestions: WANTS_QUESTIONS.test(asked), typed });
    return { lang, asked, readAs: reading.readAs, hits, deeper, evidence, definition };
  }

  /**
   * A definition question's best evidence is the documents' own definition of the term (a glossary seed, else a
   * sentence "Een X is …"): when retrieval did not bring its passage among the context passages, it goes first, so
   * the offline answer and a language model read the same definition.
   */
  private async withDefinition(
    question: string,
    hits: Hit[],
    k: number,
    opts: AskOptions,
  ): Promise<{ hits: Hit[]; definition: SeedTerm | null }> {
    if (questionForm(question) !== 'definition') return { hits, definition: null };
    const seed = await this.definitionOf(question, this.citations(hits), opts.group);
    // A question limited to some documents gets no definition from another one.
    if (!seed || (opts.documents?.length && !opts.documents.includes(seed.source.document))) return { hits, definition: null };
    const [from, to] = seed.source.lines;
    const holds = (h: Hit) => h.docId === seed.source.document && h.lineStart <= to && from <= h.lineEnd;
    if (hits.slice(0, CONTEXT_PASSAGES).some(holds)) return { hits, definition: seed };
    const passage = await definitionPassage(this.db, seed, opts.group, hits[0]);
    // Passages the caller left out (a step's own figure) stay out; the definition still leads the offline answer.
    if (!passage || excluded(passage, opts)) return { hits, definition: seed };
    return { hits: [passage, ...hits.filter((h) => !holds(h))].slice(0, k), definition: seed };
  }

  /**
   * The definition a definition question leads with: the glossary's, else a sentence of the documents; a question
   * that names a document ("volgens het magazine") gets that document's own when it gives one.
   */
  private async definitionOf(question: string, citations: Citation[], group?: string): Promise<SeedTerm | null> {
    const glossary = seedInQuestion(question);
    const named = [...namedDocuments(question)];
    if (named.length && !(glossary && named.includes(glossary.source.document))) {
      const own = await documentDefinition(this.db, question, citations, group, named);
      if (own) return own;
    }
    return glossary ?? (await documentDefinition(this.db, question, citations, group));
  }

  async answer(question: string, opts: AskOptions = {}): Promise<Answer> {
    const started = performance.now();
    const { lang, asked, readAs, hits, deeper, evidence, definition } = await this.evidence(question, opts);
    const retrievalMs = performance.now() - started;
    const found = this.citations([...hits, ...deeper]);
    const retrieved = found.slice(0, hits.length);
    const context = modelContext(found);
    const verdict = judge(evidence, this.model ?? answerModel());
    const done = (
      text: string,
      abstained: boolean,
      generated: boolean,
      extra: { notice?: string; llmMs?: number; seeAlso?: boolean; parts?: Part[]; numbered?: Citation[]; refusal?: Refusal } = {},
    ): Answer => {
      // A model's [n] number the context passages it read; the offline answer's number the passages found.
      const cited = keepCited(text, extra.numbered ?? retrieved, lang, extra.seeAlso ?? true);
      const quotes = extra.parts?.flatMap((p) => (cited.renumber.has(p.n) ? [{ n: cited.renumber.get(p.n)!, text: p.text }] : []));
      const prefix = !abstained && readAs.length ? `_${t(lang, 'qa.read_as', { words: readAs.join(', ') })}_\n` : '';
      return {
        question,
        language: lang,
        abstained,
        ...(extra.refusal ? { refusal: extra.refusal } : {}),
        generated,
        answer: `${prefix}${cited.text}`,
        citations: cited.citations,
        ...(cited.seeAlso.length ? { seeAlso: cited.seeAlso } : {}),
        retrieved,
        context: context.map((c) => ({ document: c.document, file: c.file, lines: c.lines })),
        ...(quotes ? { quotes } : {}),
        ...(extra.notice ? { notice: extra.notice } : {}),
        timings: { totalMs: performance.now() - started, retrievalMs, ...(extra.llmMs === undefined ? {} : { llmMs: extra.llmMs }) },
      };
    };
    // A question about the documents themselves is answered from the catalog, whatever the gates say of its passages.
    const about = documentsReply(question, lang, this.catalog());
    if (about) return done(about, true, false, { seeAlso: false, refusal: 'catalog' });
    if (!verdict.answerable) {
      if (verdict.offTopic) return done(t(lang, 'qa.off_topic'), true, false, { seeAlso: false, refusal: 'off_topic' });
      const { text, refusal } = abstention(evidence, verdict, lang);
      return done(text, true, false, { refusal });
    }
    const offline = async () => {
      const { text, parts } = this.extractive(asked, lang, evidence.asked.fact, verdict, retrieved, definition);
      return done(text, false, false, { parts });
    };
    if (!this.llm) return offline();
    const llmStarted = performance.now();
    const passages = context;
    try {
      const timeoutMs = this.config.llm?.timeoutMs;
      const g = opts.onText
        ? await streamAnswer(this.llm, asked, lang, passages, opts.onText, timeoutMs)
        : await generateAnswer(this.llm, asked, lang, passages, timeoutMs);
      const llmMs = performance.now() - llmStarted;
      if (!g.abstained) return done(g.text, false, true, { llmMs, numbered: passages });
      const { text, refusal } = abstention(evidence, verdict, lang);
      return done(text, true, true, { llmMs, refusal });
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'LLM failed, extractive answer instead');
      return { ...(await offline()), notice: t(lang, 'qa.llm_fallback') };
    }
  }

  /** The model's sentences, answer first; a definition question leads with the documents' own definition. */
  private extractive(
    question: string,
    lang: Language,
    fact: FactQuestion,
    verdict: Verdict,
    retrieved: Citation[],
    definition: SeedTerm | null,
  ): { text: string; parts: Part[] } {
    const lead = definition ? definitionLead(question, retrieved, definition) : null;
    // A definition whose passage is not among the hits (not stored, or left out by the caller) still leads, as one more source.
    if (lead && !retrieved.includes(lead.citation)) {
      lead.citation = { ...lead.citation, n: retrieved.length + 1, label: this.label(lead.citation.document) };
      retrieved.push(lead.citation);
    }
    // An English question's first line says the text is Dutch; where the lead sentence states the asked figure, it
    // gives the figure first, and that takes from the budget (which leaves room for the plain line).
    const first = verdict.ranked[0];
    const figure = lang === 'en' && !lead && first ? statedFigure(fact, first.text, lang) : undefined;
    const figureLine = figure ? t(lang, 'qa.figure_in_short', { figure, n: first.source.n }) : '';
    const intro = lang === 'en' ? `${figureLine}${t(lang, 'qa.quoted_in_dutch')}\n` : '';
    const otherLabel = t(lang, 'qa.other_subject');
    const selected = selectParts(
      verdict.ranked.filter((c) => !lead || !lead.covers(c.text)),
      (this.model ?? answerModel()).compose,
      {
        question: verdict.question,
        reserved: (lead ? lead.text.length : 0) + figureLine.length,
        otherLabel: otherLabel.length,
      },
    );
    const parts = lead ? [{ n: lead.citation.n, text: lead.text }, ...selected] : selected;
    const body = renderParts(parts, otherLabel);
    return { text: body ? `${intro}${body}` : '', parts };
  }
}

/** A passage the caller left out of the answer (`exclude`: lines of a document it already shows). */
const excluded = (h: Hit, opts: AskOptions) =>
  opts.exclude?.some((x) => x.document === h.docId && x.lines[0] <= h.lineEnd && h.lineStart <= x.lines[1]) ?? false;

const WANTS_QUESTIONS = /\b(welke vragen|vragen (stellen|moet|kunnen)|which questions|what questions|vragenlijst|questionnaire)\b/i;

/**
 * Why there is no answer, in one sentence: the specific fact that is missing about the asked subject (with the
 * same kind of fact the documents give for another subject, labelled as such), the asked subject the passages found
 * do not mention, or plainly that the documents do not answer it. `keepCited` adds the nearest passages as "Zie ook".
 */
function abstention(evidence: Evidence, verdict: Verdict, lang: Language): { text: string; refusal: Refusal } {
  const q = evidence.asked.fact;
  const { unread } = evidence.asked;
  const notFound = { text: t(lang, 'qa.abstain'), refusal: 'not_found' } as const;
  if (q.kinds.length === 0 && unread.length)
    return { text: t(lang, 'qa.subject_unread', { subjects: unread.join(` ${t(lang, 'qa.fact.and')} `) }), refusal: 'subject_unread' };
  if (q.kinds.length === 0 || !looksForFact(evidence.asked)) return notFound;
  // Refused on weak evidence although a passage states the asked kind of fact with the subject: nothing is "missing".
  if (q.absent.length === 0 && statesFact(q, evidence.sources, lang)) return notFound;
  const missing = factSentence(q, lang);
  const measure = measureEvidence(q.measure);
  const elsewhere = verdict.ranked.find(
    (c) =>
      c.x[FACT] === 1 &&
      c.x[SUBJECT_SENTENCE] < 1 &&
      c.x[OVERLAP] > 0.2 &&
      c.text.length <= SELECT.aside &&
      (!measure || measure.test(c.text)),
  );
  const text = elsewhere ? `${missing}\n${t(lang, 'qa.fact_elsewhere', { quote: elsewhere.text })} [${elsewhere.source.n}]` : missing;
  return { text, refusal: 'missing_fact' };
}

const FACT = sentenceFeature('fact');
const SUBJECT_SENTENCE = sentenceFeature('subject_sentence');
const OVERLAP = sentenceFeature('overlap');

/**
 * Only the passages the text cites are its sources, numbered in the order the text first cites them; the best of the
 * others, at most two and no label twice, are `seeAlso` (their labels): shown under the text, never part of it.
 */
export function keepCited(
  text: string,
  retrieved: Citation[],
  lang: Language,
  seeAlso = true,
): { text: string; citations: Citation[]; renumber: Map<number, number>; seeAlso: string[] } {
  const order: number[] = [];
  for (const m of text.matchAll(/\[(\d+)\]/g)) if (!order.includes(Number(m[1]))) order.push(Number(m[1]));
  const byN = new Map(retrieved.map((c) => [c.n, c]));
  const kept = order.filter((n) => byN.has(n));
  const renumber = new Map(kept.map((n, i) => [n, i + 1]));
  const citations = kept.map((n, i) => ({ ...byN.get(n)!, n: i + 1 }));
  const out = text.replace(/\[(\d+)\]/g, (_m, n: string) => (renumber.has(Number(n)) ? `[${renumber.get(Number(n))}]` : ''));
  const more: string[] = [];
  if (seeAlso) {
    const labels = new Set(citations.map((c) => sourceLabel(c, lang)));
    for (const c of retrieved) {
      const label = sourceLabel(c, lang);
      if (more.length >= 2 || renumber.has(c.n) || labels.has(label)) continue;
      labels.add(label);
      more.push(label);
    }
  }
  return { text: out, citations, renumber, seeAlso: more };
}

export function createAnswerer(db: Db, config: Config, ranking?: Ranking, model?: AnswerModel): DocumentAnswerer {
  return new DocumentAnswerer(db, config, ranking, model);
}
