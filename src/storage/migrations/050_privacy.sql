-- Erasures that are due later: the platform reported the bot gone from a group (app uninstalled,
-- channel deleted, bot removed from a Teams conversation). The pruning pass erases the group at due_at.

CREATE TABLE group_erasures (
  group_id text PRIMARY KEY,
  reason text NOT NULL,               -- e.g. 'slack:app_uninstalled', 'teams:bot_removed'
  requested_at timestamptz NOT NULL DEFAULT now(),
  due_at timestamptz NOT NULL
);
CREATE INDEX group_erasures_due_idx ON group_erasures (due_at);

CREATE INDEX answers_created_idx ON answers (created_at);
CREATE INDEX processed_events_received_idx ON processed_events (received_at);
