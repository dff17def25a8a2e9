-- Working-group flow: the language a group works in, item answers awaiting their item, decision revisions.

-- Messages that clearly lean Dutch or English; the majority is the group's language.
ALTER TABLE groups ADD COLUMN nl_messages integer NOT NULL DEFAULT 0;
ALTER TABLE groups ADD COLUMN en_messages integer NOT NULL DEFAULT 0;

-- A message without an item code (or with a code of several open steps) waits here until its author picks the item.
CREATE TABLE step_pending_answers (
  id text PRIMARY KEY,
  group_id text NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  user_id text NOT NULL,
  body text NOT NULL,
  source_message text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- `besluit 1 herzien: <tekst>` keeps the text it replaced in the decision's history.
ALTER TABLE decision_events ADD COLUMN old_text text;
