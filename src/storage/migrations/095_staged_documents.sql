-- A group's large document is stored a batch of passages per transaction (src/documents/store.ts), under a
-- staged row that nothing reads: not listed, not searched, not answered from. One short transaction makes it
-- visible (staged_at back to NULL). staged_at is renewed with every batch: a staged row that stopped being
-- renewed belongs to a store that crashed or failed, and is deleted (with its passages) on retry or start-up.
ALTER TABLE documents ADD COLUMN staged_at timestamptz;
-- The title stays unique among a group's visible documents only: a staged copy waits beside the one it replaces.
DROP INDEX documents_group_name_idx;
CREATE UNIQUE INDEX documents_group_name_idx ON documents (group_id, name_key) WHERE group_id IS NOT NULL AND staged_at IS NULL;
CREATE INDEX documents_staged_idx ON documents (staged_at) WHERE staged_at IS NOT NULL;
-- A staged document's group postings wait in term_postings under the scope '~staged <id>' (never a group's id,
-- never searched) and are renamed to the group's at the swap. Deleted with the staged row however it goes: a
-- failed store, a leftover removed, the group erased.
CREATE FUNCTION drop_staged_postings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM term_postings WHERE group_id = '~staged ' || OLD.id;
  RETURN OLD;
END
$$;
CREATE TRIGGER documents_staged_postings AFTER DELETE ON documents FOR EACH ROW WHEN (OLD.staged_at IS NOT NULL)
  EXECUTE FUNCTION drop_staged_postings();
