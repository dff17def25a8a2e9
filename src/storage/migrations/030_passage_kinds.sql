-- Sentences of a passage with their kind (content, reference, caption, cell, questionnaire, duplicate …),
-- marked at ingestion: answers quote only what is content. JSON array of {"text", "kind"}.
ALTER TABLE passages ADD COLUMN sentences jsonb;
