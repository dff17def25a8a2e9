-- Step checklists (knowledge/steps): runs per working group, their items and the answers, append-only.

CREATE TABLE step_runs (
  id text PRIMARY KEY,
  group_id text NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  step_key text NOT NULL,               -- "<checklist>/<step>" from knowledge/steps
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  card_key text NOT NULL UNIQUE,
  thread text,                          -- platform id of the card message, once an adapter reports it
  started_by text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
-- One open run per step per working group, also when two leaders start at once.
CREATE UNIQUE INDEX step_runs_one_open ON step_runs (group_id, step_key) WHERE status = 'open';
CREATE INDEX step_runs_thread_idx ON step_runs (group_id, thread);

-- The questions as they were when the run started, so a report stays what the group answered.
CREATE TABLE step_run_items (
  run_id text NOT NULL REFERENCES step_runs(id) ON DELETE CASCADE,
  code text NOT NULL,
  theme text NOT NULL,
  position integer NOT NULL,
  question text NOT NULL,
  PRIMARY KEY (run_id, code)
);

-- One row per version of an answer: edits and withdrawals add rows, nothing is overwritten.
CREATE TABLE step_answers (
  id bigserial PRIMARY KEY,
  answer_id text NOT NULL,
  version integer NOT NULL,
  run_id text NOT NULL,
  item_code text NOT NULL,
  group_id text NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  user_id text NOT NULL,
  member_name text,
  organisation text,                    -- as the member represented it when answering
  org_kind text,
  body text NOT NULL DEFAULT '',
  withdrawn boolean NOT NULL DEFAULT false,
  facts jsonb NOT NULL DEFAULT '{}',    -- numbers with units, years, source
  ref_year integer,
  source_message text,                  -- platform message id, to follow edits and deletes
  via text NOT NULL DEFAULT 'message' CHECK (via IN ('message', 'action')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (answer_id, version),
  FOREIGN KEY (run_id, item_code) REFERENCES step_run_items(run_id, code) ON DELETE CASCADE
);
CREATE INDEX step_answers_item_idx ON step_answers (run_id, item_code);
CREATE INDEX step_answers_message_idx ON step_answers (group_id, source_message);
