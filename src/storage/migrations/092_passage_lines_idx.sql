-- An answer reads the sentences of the passages within each hit's lines (loadSources in src/qa/extractive.ts):
-- found by this index instead of reading every passage of the document.
CREATE INDEX passages_lines_idx ON passages (document_id, line_start);
