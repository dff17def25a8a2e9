-- Decisions of a working group, numbered per group, with their status history.

CREATE TABLE decisions (
  id serial PRIMARY KEY,
  group_id text NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  number integer NOT NULL,
  text text NOT NULL,
  status text NOT NULL DEFAULT 'genomen' CHECK (status IN ('genomen', 'herzien', 'ingetrokken', 'vervangen')),
  step_item text,                     -- e.g. 'D2' when taken on an item of a working-group step
  step_run text,                      -- the step run whose thread the decision was taken in
  author_id text NOT NULL,
  author_name text,
  organisation text,
  channel text NOT NULL,
  thread text,
  message_id text,
  permalink text,
  replaces integer,                   -- number of the decision this one replaces
  replaced_by integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (group_id, number)
);
CREATE INDEX decisions_fts_idx ON decisions USING gin (to_tsvector('dutch', text));
CREATE INDEX decisions_trgm_idx ON decisions USING gin (text gin_trgm_ops);

-- Allocates decision numbers: one row per group, incremented under its row lock.
CREATE TABLE decision_counters (
  group_id text PRIMARY KEY REFERENCES groups(id) ON DELETE CASCADE,
  last_number integer NOT NULL
);

CREATE TABLE decision_events (
  id serial PRIMARY KEY,
  decision_id integer NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
  status text NOT NULL,
  reason text,
  actor_id text NOT NULL,
  actor_name text,
  organisation text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX decision_events_decision_idx ON decision_events (decision_id, at);
