-- The parser a group's document was read with (INGEST_VERSION and the publications' layouts). When ingestion
-- improves, the next start reads the stored source text again (reparseGroupDocuments in src/documents/store.ts).
-- Shared documents need no column: the parser is part of their content hash (src/ingest/ingest.ts).
ALTER TABLE documents ADD COLUMN IF NOT EXISTS parsed_with text;
