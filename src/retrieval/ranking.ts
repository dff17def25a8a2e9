// Every number of the ranking, each with its reason. Tuned on the dev set (scripts/sweep.ts varies them);
// what the answer quotes and whether it abstains is the fitted answer model (src/qa/model).

/** The longest citation, in lines of the original file (inclusive): a citation must point somewhere precise. */
export const MAX_CITATION_LINES = 30;

/** Index-time numbers: changing one needs a re-ingestion (bump INGEST_VERSION). */
export const INDEXING = {
  /** BM25 saturation: a word's fifth use says little more than its second. */
  k1: 1.2,
  /** BM25 length normalisation, mild: long passages are usually tables and lists, not padding. */
  b: 0.6,
  /** A passage's own heading names its subject: its words count double. */
  heading: 2,
  /** A compound's parts ("zorg" in "woonzorg") match, at half the weight of the whole word. */
  compoundPart: 0.5,
  /** Shorter words are rarely compounds; splitting them finds false parts. */
  minCompound: 8,
};

/** Query-time numbers; passed to lexicalSearch, so a sweep can vary them without changing this object. */
export const RANKING = {
  /** Weight of a query term by where it came from: the asker's own word counts most. */
  query: {
    word: 1,
    /** An English word rendered in Dutch: nearly as sure as the word itself. */
    english: 0.9,
    /** A paraphrase from the synonym list: related, not the same. */
    synonym: 0.45,
    /** Terms a caller adds (a step's or glossary's context): help, should not dominate. */
    extra: 0.7,
    /** A misspelling's nearest corpus word, times its similarity. */
    fuzzy: 0.8,
    /** A word only of the sentences around the question ("Ik bereid het overleg van donderdag voor."), times the above. */
    context: 0.7,
  },
  /** Trigram similarity below this is another word, not a misspelling. */
  fuzzyMin: 0.45,
  /** Passages scored by BM25 before the coverage re-ranking: wide enough that re-ranking can reorder. */
  candidates: 120,
  /** Hits (as a multiple of the limit) that get the costlier per-passage boosts. */
  rerankPool: 3,
  /** Score factor by passage kind: front matter and footnotes rarely answer a content question;
   *  pull quotes repeat body text, so the body copy should win. */
  kind: { voorwoord: 0.6, colofon: 0.3, toc: 0.2, footnote: 0.7, figure: 0.9, table: 0.9, quote: 0.5 } as Record<string, number>,
  /** BM25 times (coverageBase + coverage): a passage that holds the whole question beats one that repeats a word. */
  coverageBase: 0.5,
  /** A concept found only in a neighbouring passage counts half: the context is near, not in the citation. */
  neighbourCredit: 0.5,
  /** A question that names a document ("volgens de handleiding") prefers it (1.5: chosen in every fold of a
   *  cross-validated search over these numbers, docs/evaluation.md). */
  namedDocument: 1.5,
  /** A phrase the asker quoted ('anders verhuren') found in a heading marks the section about it. */
  quotedInHeading: 1.6,
  /** … found as written in the text. */
  quotedInText: 1.3,
  /** Up to this much more for a heading that holds the question's concepts (share of their idf mass). */
  headingMatch: 0.6,
  /** A passage that states the percentage, amount or duration asked for. */
  answerType: 1.3,
  /** A neighbour joins a citation when it scores at least this share of the passage itself. */
  widenMin: 0.3,
};

export type Ranking = typeof RANKING;
