-- At-least-once answering: platform work is recorded here before the platform gets its
-- acknowledgement, taken with a lease (FOR UPDATE SKIP LOCKED) and finished or retried by any instance.
CREATE TABLE jobs (
  id bigserial PRIMARY KEY,
  platform text NOT NULL,
  -- The platform's delivery id (Slack event id, Teams activity id): a redelivery is the same job.
  key text NOT NULL,
  -- What the adapter needs to do the work; cleared when the job is done (it may hold message text).
  payload jsonb,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'dropped')),
  attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  -- Replies the core computed, and how many of them are posted: a retry posts only the rest.
  replies jsonb,
  posted integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  UNIQUE (platform, key)
);
CREATE INDEX jobs_pending_idx ON jobs (id) WHERE status = 'pending';

-- Card updates may land out of order: each render of a card takes the next revision, and a render
-- that was overtaken by a newer one is redone, so the last update shows the latest state.
ALTER TABLE posted_cards ADD COLUMN revision bigint NOT NULL DEFAULT 0;
