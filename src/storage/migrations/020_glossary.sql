-- Glossary per working group: a term with append-only versions (who, when, status).

CREATE TABLE glossary_terms (
  id serial PRIMARY KEY,
  group_id text NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  term text NOT NULL,                 -- display form, as first written
  term_key text NOT NULL,             -- folded, for exact lookup
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (group_id, term_key)
);

CREATE TABLE glossary_versions (
  term_id integer NOT NULL REFERENCES glossary_terms(id) ON DELETE CASCADE,
  version integer NOT NULL,
  definition text NOT NULL,
  domain text CHECK (domain IN ('sociaal', 'ruimtelijk')),
  synonyms text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'voorstel' CHECK (status IN ('voorstel', 'vastgesteld')),
  author_id text NOT NULL,
  author_name text,
  organisation text,
  created_at timestamptz NOT NULL DEFAULT now(),
  agreed_by_id text,
  agreed_by_name text,
  agreed_at timestamptz,
  -- Two members writing at once get different numbers or one retries: no version is lost.
  PRIMARY KEY (term_id, version)
);

-- Every name a term is found by (the term and the synonyms of its latest version).
CREATE TABLE glossary_names (
  term_id integer NOT NULL REFERENCES glossary_terms(id) ON DELETE CASCADE,
  group_id text NOT NULL,
  name text NOT NULL,
  name_key text NOT NULL,             -- folded
  stem_key text NOT NULL,             -- Dutch stems of the words, for inflections and plurals
  is_synonym boolean NOT NULL,
  PRIMARY KEY (term_id, name_key)
);
CREATE INDEX glossary_names_group_idx ON glossary_names (group_id, stem_key);
CREATE INDEX glossary_names_trgm_idx ON glossary_names USING gin (name_key gin_trgm_ops);
