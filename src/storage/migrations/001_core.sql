-- Working groups, members, answers, feedback and platform bookkeeping.

CREATE TABLE groups (
  id text PRIMARY KEY,                -- platform:workspace:channel
  platform text NOT NULL,
  workspace text NOT NULL,
  channel text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE members (
  group_id text NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  user_id text NOT NULL,
  display_name text,
  organisation text,
  org_kind text,
  role text NOT NULL DEFAULT 'lid' CHECK (role IN ('lid', 'projectleider')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, user_id)
);

CREATE TABLE answers (
  id text PRIMARY KEY,
  group_id text NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  user_id text,
  question text NOT NULL,
  language text NOT NULL,
  abstained boolean NOT NULL,
  generated boolean NOT NULL DEFAULT false,
  answer text NOT NULL,
  citations jsonb NOT NULL DEFAULT '[]',
  passage_ids integer[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX answers_group_idx ON answers (group_id, created_at);

CREATE TABLE feedback (
  answer_id text NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
  user_id text NOT NULL,
  rating smallint NOT NULL CHECK (rating IN (-1, 1)),
  comment text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (answer_id, user_id)
);

-- Deduplicates redelivered platform events across bot instances.
CREATE TABLE processed_events (
  platform text NOT NULL,
  event_id text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, event_id)
);

-- Threads the bot has answered in, so follow-ups need no new mention.
CREATE TABLE bot_threads (
  group_id text NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  thread text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, thread)
);

-- Where a card that is updated in place was posted (platform message reference).
CREATE TABLE posted_cards (
  group_id text NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  card_key text NOT NULL,
  platform_ref jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, card_key)
);
