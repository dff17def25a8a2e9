-- Documents, passages and the lexical index used for retrieval.

CREATE TABLE documents (
  id serial PRIMARY KEY,
  doc_id text NOT NULL UNIQUE,        -- catalog id
  file text NOT NULL,
  title text NOT NULL,
  publisher text,
  year integer,
  content_hash text NOT NULL,
  line_count integer NOT NULL,
  ingested_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE passages (
  id serial PRIMARY KEY,
  document_id integer NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ord integer NOT NULL,
  section text NOT NULL,              -- heading path, e.g. "5 Een handelingsrepertoire > 5.1 Stap 1: inventariseren"
  heading text NOT NULL,              -- innermost heading
  kind text NOT NULL DEFAULT 'body',  -- body, voorwoord, footnote, figure, colofon, ...
  line_start integer NOT NULL,
  line_end integer NOT NULL,
  page integer,
  text text NOT NULL,                 -- cleaned text, wording unchanged
  token_count integer NOT NULL,
  tsv tsvector
);
CREATE INDEX passages_document_idx ON passages (document_id, ord);
CREATE INDEX passages_tsv_idx ON passages USING gin (tsv);

-- Inverted index: analysed terms (stems, compound parts) per passage, with weighted frequency
-- and its BM25 term weight (saturated, length-normalised), refreshed whenever the corpus changes.
CREATE TABLE passage_terms (
  passage_id integer NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
  term text NOT NULL,
  tf real NOT NULL,
  bm25 real NOT NULL DEFAULT 0,
  PRIMARY KEY (term, passage_id)
);
CREATE INDEX passage_terms_passage_idx ON passage_terms (passage_id);

-- Document frequency per term, for idf at query time without counting postings.
CREATE TABLE term_stats (
  term text PRIMARY KEY,
  df integer NOT NULL
);

-- Surface words of the corpus, for fuzzy matching of misspelled query words.
CREATE TABLE vocabulary (
  word text PRIMARY KEY,
  term text NOT NULL,
  df integer NOT NULL
);
CREATE INDEX vocabulary_trgm_idx ON vocabulary USING gin (word gin_trgm_ops);

-- Optional embeddings; real[] so the schema is the same with or without pgvector.
CREATE TABLE passage_embeddings (
  passage_id integer PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,
  model text NOT NULL,
  embedding real[] NOT NULL
);
