-- Documents a working group adds in its channel (issue 15): owned by the group, found only for its questions.
-- Shared documents (knowledge/documents) keep group_id NULL and are found for every group.

ALTER TABLE documents ADD COLUMN group_id text REFERENCES groups(id) ON DELETE CASCADE;
ALTER TABLE documents ADD COLUMN name_key text;        -- folded title: a new file with the same title replaces it
ALTER TABLE documents ADD COLUMN source_text text;     -- the text read from the shared file (group documents), for the export
ALTER TABLE documents ADD COLUMN added_by text;        -- member who added it
CREATE UNIQUE INDEX documents_group_name_idx ON documents (group_id, name_key) WHERE group_id IS NOT NULL;

-- One index with a group filter: a term's best postings per scope ('' = shared documents, else a group's own),
-- so a group's passages are never candidates for another group and never crowd out shared ones.
ALTER TABLE term_postings ADD COLUMN group_id text NOT NULL DEFAULT '';
ALTER TABLE term_postings DROP CONSTRAINT term_postings_pkey;
ALTER TABLE term_postings ADD PRIMARY KEY (term, group_id);

-- Words of a group's own documents (the shared ones stay in vocabulary): the typo correction and the
-- "word not in the documents" check of one group never see another group's words.
CREATE TABLE group_vocabulary (
  group_id text NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  word text NOT NULL,
  term text NOT NULL,
  df integer NOT NULL,
  PRIMARY KEY (group_id, word)
);
CREATE INDEX group_vocabulary_trgm_idx ON group_vocabulary USING gin (word gin_trgm_ops);

-- Files members shared in a group's channel, so `document toevoegen` without a file takes the latest one.
-- Metadata and the platform's reference only; the file itself stays on the platform.
CREATE TABLE shared_files (
  id bigserial PRIMARY KEY,
  group_id text NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  user_id text NOT NULL,
  thread text,
  file jsonb NOT NULL,
  shared_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shared_files_member_idx ON shared_files (group_id, user_id, shared_at);
