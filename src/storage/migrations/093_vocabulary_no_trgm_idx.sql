-- A misspelt word's nearest corpus word is found in the process from the vocabulary it holds
-- (src/retrieval/trigrams.ts); the database is asked only on a tie or for a group's own words, and then read the
-- table in full anyway. The trigram index cost more to keep up at every ingestion than it saved.
DROP INDEX IF EXISTS vocabulary_trgm_idx;
