import type { Config } from '../config.js';
import { log } from '../log.js';
import { detectLanguage, t } from '../core/i18n.js';
import type { Citation, Language } from '../core/types.js';
import { createLlm, type Llm } from '../llm/client.js';
import { type Hit, lexicalSearch } from '../retrieval/search.js';
import { fuseRankings, vectorSearch } from '../retrieval/vectors.js';
import { Vocabulary } from '../retrieval/vocabulary.js';
import type { Db } from '../storage/db.js';
import type { Answer, Answerer, AskOptions } from './answerer.js';
import { pickSentences } from './extractive.js';
import { generateAnswer } from './generative.js';

/** Below these the evidence is too weak to answer: the bot abstains and points to the nearest sections. */
export const ABSTAIN = {
  minCoverage: 0.2,
  minScore: 5,
  /** With a word the documents never use in what is asked, at least this much of the question must be found. */
  minCoverageWithMissingWord: 0.4,
};

function toCitation(h: Hit, n: number): Citation {
  return {
    n,
    document: h.docId,
    file: h.file,
    title: h.title,
    section: h.section,
    lines: [h.lineStart, h.lineEnd],
    page: h.page,
    text: h.text,
    score: Math.round(h.score * 1000) / 1000,
    passageId: h.passageId,
  };
}

export class DocumentAnswerer implements Answerer {
  private vocab?: { stamp: string; vocab: Vocabulary };
  private readonly llm?: Llm;

  constructor(
    private readonly db: Db,
    private readonly config: Config,
  ) {
    if (config.llm) this.llm = createLlm(config.llm);
  }

  /** The corpus vocabulary, reloaded when another process re-ingested (cheap stamp check). */
  private async vocabulary(): Promise<Vocabulary> {
    const { rows } = await this.db.query<{ stamp: string }>(
      `SELECT count(*)::text || ':' || coalesce(max(ingested_at)::text, '') AS stamp FROM documents`,
    );
    const stamp = rows[0].stamp;
    if (this.vocab?.stamp !== stamp) this.vocab = { stamp, vocab: await Vocabulary.load(this.db) };
    return this.vocab.vocab;
  }

  async retrieve(question: string, opts: AskOptions & { lang: Language }): Promise<Hit[]> {
    const k = opts.k ?? 5;
    // Each ranking draws from a wider pool than it returns, so fusion and abstention see more than k.
    const pool = Math.max(k, 20);
    const vocab = await this.vocabulary();
    const lexical = await lexicalSearch(this.db, vocab, question, {
      lang: opts.lang,
      limit: pool,
      extraTerms: opts.extraTerms,
      documents: opts.documents,
    });
    if (!this.llm?.embeddingModel) return lexical.slice(0, k);
    try {
      const vector = await vectorSearch(this.db, this.llm, question, pool, opts.documents);
      return fuseRankings(lexical, vector).slice(0, k);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'embeddings unavailable, lexical ranking only');
      return lexical.slice(0, k);
    }
  }

  async search(query: string, opts: AskOptions = {}): Promise<Citation[]> {
    const lang = opts.language ?? detectLanguage(query);
    return (await this.retrieve(query, { ...opts, lang })).map((h, i) => toCitation(h, i + 1));
  }

  async answer(question: string, opts: AskOptions = {}): Promise<Answer> {
    const started = performance.now();
    const lang = opts.language ?? detectLanguage(question);
    const hits = await this.retrieve(question, { ...opts, lang });
    const retrievalMs = performance.now() - started;
    const citations = hits.map((h, i) => toCitation(h, i + 1));
    const done = (result: Pick<Answer, 'abstained' | 'generated' | 'answer' | 'notice'>, llmMs?: number): Answer => ({
      question,
      language: lang,
      citations,
      ...result,
      timings: { totalMs: performance.now() - started, retrievalMs, ...(llmMs === undefined ? {} : { llmMs }) },
    });
    if (isWeak(hits)) return done({ abstained: true, generated: false, answer: abstention(lang, hits) });
    if (!this.llm) return done(extractive(question, lang, hits));
    const llmStarted = performance.now();
    try {
      const g = await generateAnswer(this.llm, question, lang, hits, this.config.llm?.timeoutMs);
      const llmMs = performance.now() - llmStarted;
      return g.abstained
        ? done({ abstained: true, generated: true, answer: abstention(lang, hits) }, llmMs)
        : done({ abstained: false, generated: true, answer: g.text }, llmMs);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'LLM failed, extractive answer instead');
      return done({ ...extractive(question, lang, hits), notice: t(lang, 'qa.llm_fallback') });
    }
  }
}

/** Too little of the question in the best passage, or none of the top passages has the kind of fact asked for. */
export function isWeak(hits: Hit[]): boolean {
  const top = hits[0];
  if (!top || top.coverage < ABSTAIN.minCoverage || top.score < ABSTAIN.minScore) return true;
  if (top.missingWords.length > 0 && top.coverage < ABSTAIN.minCoverageWithMissingWord) return true;
  return !hits.slice(0, 5).some((h) => h.coverage >= top.coverage * 0.6 && h.suppliesAnswerType);
}

function extractive(question: string, lang: Language, hits: Hit[]): { abstained: false; generated: false; answer: string } {
  const picked = pickSentences(question, hits);
  const body = picked.map((p) => `${p.sentence} [${p.n}]`).join('\n');
  return { abstained: false, generated: false, answer: `${t(lang, 'qa.extractive_intro')}\n${body}` };
}

function abstention(lang: Language, hits: Hit[]): string {
  const missing = hits[0]?.missingWords ?? [];
  const note = missing.length ? `\n${t(lang, 'qa.missing_words', { words: missing.map((w) => `‘${w}’`).join(', ') })}` : '';
  const nearest = [...new Map(hits.slice(0, 3).map((h, i) => [h.section + h.docId, `- ${h.section} — _${h.title}_ [${i + 1}]`])).values()];
  return nearest.length ? `${t(lang, 'qa.abstain')}${note}\n${t(lang, 'qa.nearest')}\n${nearest.join('\n')}` : `${t(lang, 'qa.abstain')}${note}`;
}

export function createAnswerer(db: Db, config: Config): DocumentAnswerer {
  return new DocumentAnswerer(db, config);
}
