-- Retrieval whose cost grows far less than the corpus (issue 12). The row-per-posting inverted index
-- (passage_terms, its two indexes and term_stats) and the never-read tsvector copy of every passage
-- made the store 70× the text; queries summed whole posting lists.
-- Now: each passage keeps its own terms (a forward index, to score a few candidates exactly) and each
-- term its best postings ordered by impact, in one row, so a query sums a bounded number of postings
-- (src/retrieval/postings.ts). The data is derived: ingestion rebuilds it (INGEST_VERSION v7 re-ingests).
DROP TABLE IF EXISTS passage_terms;
DROP TABLE IF EXISTS term_stats;
DROP INDEX IF EXISTS passages_tsv_idx;
ALTER TABLE passages DROP COLUMN IF EXISTS tsv;
ALTER TABLE passages ADD COLUMN terms text[] NOT NULL DEFAULT '{}';  -- analysed terms of the passage
ALTER TABLE passages ADD COLUMN tfs real[] NOT NULL DEFAULT '{}';    -- their weighted frequencies, same order

CREATE TABLE term_postings (
  term text PRIMARY KEY,
  df integer NOT NULL,                -- passages with the term
  passage_ids integer[] NOT NULL,     -- its best postings (at most TOP_POSTINGS), highest impact first
  impacts real[] NOT NULL             -- their BM25 term weights (saturated, length-normalised)
);

-- One row: what a query needs about the whole corpus, and a version that changes with every ingestion
-- (instances cache derived data and compare it).
CREATE TABLE corpus_stats (
  id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  passages integer NOT NULL,
  avg_length real NOT NULL,
  version text NOT NULL
);
