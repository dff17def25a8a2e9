-- Retrieval whose cost grows far less than the corpus (issue 12). The row-per-posting inverted index
-- (passage_terms, its two indexes and term_stats) and the never-read tsvector copy of every passage
-- made the store 70× the text; queries summed whole posting lists.
-- Now: each passage keeps its own terms (a forward index, for exact scores of a few candidates), and
-- each term keeps its postings ordered by impact, in blocks of growing size, so a query reads the
-- best postings first and stops when no unread passage can enter the candidates (threshold algorithm).
-- The data is derived: ingestion rebuilds it (INGEST_VERSION v7 re-ingests existing stores).
DROP TABLE IF EXISTS passage_terms;
DROP TABLE IF EXISTS term_stats;
DROP INDEX IF EXISTS passages_tsv_idx;
ALTER TABLE passages DROP COLUMN IF EXISTS tsv;
ALTER TABLE passages ADD COLUMN terms text[] NOT NULL DEFAULT '{}';  -- analysed terms of the passage
ALTER TABLE passages ADD COLUMN tfs real[] NOT NULL DEFAULT '{}';    -- their weighted frequencies, same order

CREATE TABLE term_postings (
  term text NOT NULL,
  block integer NOT NULL,             -- 0 holds the highest impacts; block b holds up to 256·4^b postings
  df integer NOT NULL,                -- passages with the term (the same on every block of a term)
  passage_ids integer[] NOT NULL,
  impacts real[] NOT NULL,            -- BM25 term weight (saturated, length-normalised), descending
  PRIMARY KEY (term, block)
);

-- One row: what a query needs about the whole corpus, and a version that changes with every ingestion
-- (instances cache derived data and compare it).
CREATE TABLE corpus_stats (
  id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  passages integer NOT NULL,
  avg_length real NOT NULL,
  version text NOT NULL
);
