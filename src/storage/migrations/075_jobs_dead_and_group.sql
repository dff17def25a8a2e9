-- Poison work ends (issue 20.2): a job taken too often without finishing (it may kill the process that
-- takes it) moves to 'dead'; an administrator lists those with `werktafel jobs`. last_error is an error
-- message of ours, never member text.
ALTER TABLE jobs DROP CONSTRAINT IF EXISTS jobs_status_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_status_check CHECK (status IN ('pending', 'done', 'dropped', 'dead'));
ALTER TABLE jobs ADD COLUMN last_error text;

-- Queued work holds message text, so it carries its group key and is exported and erased with the
-- group (issue 20.3). Null for deliveries about no group (e.g. the app uninstalled).
ALTER TABLE jobs ADD COLUMN group_id text;
CREATE INDEX jobs_group_idx ON jobs (group_id);

-- A streamed answer being written: the platform's reference to that message, so a retry after a crash
-- finishes the same message instead of leaving it half-written (issue 20.8).
ALTER TABLE jobs ADD COLUMN stream_ref jsonb;

-- An erased group's place (platform and its channel or conversation id), with the time of the erasure:
-- work for that place queued before then is dropped, not run; a message after it starts the group fresh.
-- No member data: only platform ids.
CREATE TABLE erased_places (
  platform text NOT NULL,
  channel text NOT NULL,
  erased_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, channel)
);

-- Effects of commands, recorded in the transaction of the effect with the job that caused them: a job
-- redelivered after a crash between commit and checkpoint finds its effect done and only replies.
CREATE TABLE job_effects (
  job_id bigint NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  effect text NOT NULL,
  group_id text NOT NULL,
  result jsonb,
  PRIMARY KEY (job_id, effect)
);
