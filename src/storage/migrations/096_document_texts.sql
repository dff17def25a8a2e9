-- A group document's text as read, for its export and for reading it again with a newer parser, in parts of about
-- a million characters: one 24 MB value is copied and compressed by PGlite on the bot's own thread for the better
-- part of a second (an acknowledgement waits that long) and grows its memory for good. Written a part per statement
-- while the document is staged; deleted with the document.
CREATE TABLE document_texts (
  document_id integer NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  group_id text NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  part integer NOT NULL,
  text text NOT NULL,
  PRIMARY KEY (document_id, part)
);
INSERT INTO document_texts (document_id, group_id, part, text)
  SELECT id, group_id, 0, source_text FROM documents WHERE source_text IS NOT NULL AND group_id IS NOT NULL;
ALTER TABLE documents DROP COLUMN source_text;
