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
import type { Db } from '../storage/db.js';
import type { Answer, Answerer, AskOptions } from './answerer.js';
import { listKnowledgeFiles } from '../ingest/catalog.js';
import type { Source } from './compose.js';
import { definitionLead, documentDefinition, seedInQuestion } from './definition.js';
import { extractiveParts, loadIdf, loadSources, renderParts, termsToWeigh } from './extractive.js';
import { generateAnswer } from './generative.js';
import { questionKind } from './question-kind.js';
import { missingFact } from './specific.js';
import { readQuestion } from './typo.js';
import { streamAnswer } from './streaming.js';

/** Below these the evidence is too weak to answer: the bot abstains and points to the nearest sections. */
export const ABSTAIN = {
  /** Less than a fifth of the question's weight in the best passage: it is about something else. */
  minCoverage: 0.2,
  /** A best score this low means only common words matched. */
  minScore: 5,
  /** With a word the documents never use in what is asked, at least this much of the question must be found. */
  minCoverageWithMissingWord: 0.4,
  /** The kind of fact asked for must be in one of the best hits … */
  typedAmong: 5,
  /** … that covers at least this share of what the best one covers (not a stray number elsewhere). */
  typedCoverage: 0.6,
};

/** Passages searched for the asked fact about the asked subject before saying it is missing. */
const FACT_PASSAGES = 8;

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
  private readonly groupVocab = new Map<string, { stamp: string; vocab: Vocabulary }>();
  private readonly llm?: Llm;

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    /** Ranking numbers other than RANKING (scripts/sweep.ts). */
    private readonly ranking?: Ranking,
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
       FROM documents WHERE group_id IS NULL OR group_id = $1`,
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

  async retrieve(question: string, opts: AskOptions & { lang: Language }): Promise<Hit[]> {
    const k = opts.k ?? 5;
    // Each ranking draws from a wider pool than it returns, so fusion and abstention see more than k.
    const pool = Math.max(k, 20);
    const vocab = await this.vocabulary(opts.group);
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

  /** Short document labels of the catalog ("VNG-handreiking 2022"), by document id. */
  private label(docId: string): string | undefined {
    this.labels ??= new Map(listKnowledgeFiles(this.config.knowledgeDir).flatMap((e) => (e.label ? [[e.id, e.label] as const] : [])));
    return this.labels.get(docId);
  }

  private citations(hits: Hit[]): Citation[] {
    return hits.map((h, i) => toCitation(h, i + 1, this.label(h.docId)));
  }

  async search(query: string, opts: AskOptions = {}): Promise<Citation[]> {
    const lang = opts.language ?? detectLanguage(query);
    return this.citations(await this.retrieve(query, { ...opts, lang }));
  }

  async answer(question: string, opts: AskOptions = {}): Promise<Answer> {
    const started = performance.now();
    const lang = opts.language ?? detectLanguage(question);
    // A misspelt word the vocabulary resolves is read as that word, and the answer says so.
    const reading = lang === 'nl' ? readQuestion(await this.vocabulary(opts.group), question) : { question, readAs: [] };
    const asked = reading.question;
    const hits = await this.retrieve(asked, { ...opts, lang });
    const retrievalMs = performance.now() - started;
    const citations = this.citations(hits);
    const readAs = reading.readAs.length ? `_${t(lang, 'qa.read_as', { words: reading.readAs.join(', ') })}_\n` : '';
    const done = (result: Pick<Answer, 'abstained' | 'generated' | 'answer' | 'notice'>, llmMs?: number): Answer => ({
      question,
      language: lang,
      citations,
      ...result,
      answer: result.abstained ? result.answer : `${readAs}${result.answer}`,
      timings: { totalMs: performance.now() - started, retrievalMs, ...(llmMs === undefined ? {} : { llmMs }) },
    });
    if (isWeak(hits)) return done({ abstained: true, generated: false, answer: abstention(lang, hits, citations) });
    const sources = await loadSources(this.db, hits);
    const vocab = await this.vocabulary(opts.group);
    const missing = missingFact(asked, lang, sources.slice(0, FACT_PASSAGES), (w) => (vocab.df.get(w) ?? 0) > 0);
    if (missing) return done({ abstained: true, generated: false, answer: abstention(lang, hits, citations, missing) });
    const offline = async () => this.extractive(asked, lang, hits, sources, citations, opts.documents, opts.group);
    if (!this.llm) return done(await offline());
    const llmStarted = performance.now();
    try {
      const timeoutMs = this.config.llm?.timeoutMs;
      const g = opts.onText
        ? await streamAnswer(this.llm, asked, lang, citations, opts.onText, timeoutMs)
        : await generateAnswer(this.llm, asked, lang, citations, timeoutMs);
      const llmMs = performance.now() - llmStarted;
      return g.abstained
        ? done({ abstained: true, generated: true, answer: abstention(lang, hits, citations) }, llmMs)
        : done({ abstained: false, generated: true, answer: g.text }, llmMs);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'LLM failed, extractive answer instead');
      return done({ ...(await offline()), notice: t(lang, 'qa.llm_fallback') });
    }
  }

  /** Answer first from the marked sentences; a definition question leads with the documents' own definition. */
  private async extractive(
    question: string,
    lang: Language,
    hits: Hit[],
    sources: Source[],
    citations: Citation[],
    documents?: string[],
    group?: string,
  ): Promise<{ abstained: false; generated: false; answer: string }> {
    const idf = await loadIdf(this.db, termsToWeigh(question, hits), group);
    const definition = questionKind(question) === 'definition';
    const seed = definition ? (seedInQuestion(question) ?? (await documentDefinition(this.db, question, citations, group))) : null;
    const found = seed ? definitionLead(question, citations, seed) : null;
    // A question limited to some documents gets no definition from another one.
    const lead = found && (!documents?.length || documents.includes(found.citation.document)) ? found : null;
    // The definition's own lines, when retrieval did not bring them, take the last place: k citations stay k.
    let replaced = 0;
    if (lead && !citations.includes(lead.citation)) {
      replaced = citations.length || 1;
      lead.citation = { ...lead.citation, n: replaced, label: this.label(lead.citation.document) };
      citations[replaced - 1] = lead.citation;
    }
    const parts = extractiveParts(question, lang, sources, idf, lead ? lead.text.length : 0).filter(
      (p) => p.n !== replaced && (!lead || !lead.covers(p.text)),
    );
    const body = renderParts(lead ? [{ n: lead.citation.n, text: lead.text }, ...parts] : parts);
    return { abstained: false, generated: false, answer: body || t(lang, 'qa.abstain') };
  }
}

/** Too little of the question in the best passage, or none of the top passages has the kind of fact asked for. */
export function isWeak(hits: Hit[]): boolean {
  const top = hits[0];
  if (!top || top.coverage < ABSTAIN.minCoverage || top.score < ABSTAIN.minScore) return true;
  if (top.missingWords.length > 0 && top.coverage < ABSTAIN.minCoverageWithMissingWord) return true;
  return !hits.slice(0, ABSTAIN.typedAmong).some((h) => h.coverage >= top.coverage * ABSTAIN.typedCoverage && h.suppliesAnswerType);
}

/** What is missing (one sentence, when known), then the nearest sections. */
function abstention(lang: Language, hits: Hit[], citations: Citation[], what?: string): string {
  const missing = hits[0]?.missingWords ?? [];
  const note = missing.length ? `\n${t(lang, 'qa.missing_words', { words: missing.map((w) => `‘${w}’`).join(', ') })}` : '';
  const nearest = [...new Map(citations.slice(0, 3).map((c) => [c.section + c.document, `- ${sourceLabel(c, lang)} [${c.n}]`])).values()];
  const first = what ?? t(lang, 'qa.abstain');
  return nearest.length ? `${first}${note}\n${t(lang, 'qa.nearest')}\n${nearest.join('\n')}` : `${first}${note}`;
}

export function createAnswerer(db: Db, config: Config, ranking?: Ranking): DocumentAnswerer {
  return new DocumentAnswerer(db, config, ranking);
}
