-- A term's canonical key is the Dutch stem key of its name (woonvorm and Woonvormen share it), and it
-- is the unique key: two members proposing inflected spellings at the same moment make one term.
ALTER TABLE glossary_terms ADD COLUMN canonical_key text;
UPDATE glossary_terms t SET canonical_key = n.stem_key
  FROM glossary_names n WHERE n.term_id = t.id AND NOT n.is_synonym;
UPDATE glossary_terms SET canonical_key = term_key WHERE canonical_key IS NULL;

-- Twins made before: the oldest term keeps every version, numbered in the order they were written;
-- the twins' names stay findable as its synonyms.
CREATE TEMP TABLE glossary_twins ON COMMIT DROP AS
  SELECT id, keeper FROM (
    SELECT id, min(id) OVER (PARTITION BY group_id, canonical_key) AS keeper,
           count(*) OVER (PARTITION BY group_id, canonical_key) AS n
    FROM glossary_terms
  ) t WHERE n > 1;

-- Negative numbers first, so the renumbering never meets a number still in use.
UPDATE glossary_versions v SET term_id = r.keeper, version = -r.n
  FROM (
    SELECT v2.term_id, v2.version, tw.keeper,
           row_number() OVER (PARTITION BY tw.keeper ORDER BY v2.created_at, v2.term_id, v2.version) AS n
    FROM glossary_versions v2 JOIN glossary_twins tw ON tw.id = v2.term_id
  ) r
  WHERE v.term_id = r.term_id AND v.version = r.version;
UPDATE glossary_versions SET version = -version WHERE version < 0;

INSERT INTO glossary_names (term_id, group_id, name, name_key, stem_key, is_synonym)
  SELECT tw.keeper, n.group_id, n.name, n.name_key, n.stem_key, true
  FROM glossary_names n JOIN glossary_twins tw ON tw.id = n.term_id
  WHERE tw.id <> tw.keeper
  ON CONFLICT (term_id, name_key) DO NOTHING;
DELETE FROM glossary_terms WHERE id IN (SELECT id FROM glossary_twins WHERE id <> keeper);

ALTER TABLE glossary_terms ALTER COLUMN canonical_key SET NOT NULL;
ALTER TABLE glossary_terms DROP CONSTRAINT glossary_terms_group_id_term_key_key;
ALTER TABLE glossary_terms ADD CONSTRAINT glossary_terms_canonical_key UNIQUE (group_id, canonical_key);
