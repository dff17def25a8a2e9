-- A file offered to a member who must first consent to receive it (Teams' FileConsentCard in a personal
-- chat): kept here until they accept or decline, so any instance can upload it or show it instead. Bound to
-- the group and member it was made for; pruned after a few days (src/core/file-offers.ts).
CREATE TABLE file_offers (
  id text PRIMARY KEY,
  group_id text NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  user_id text NOT NULL,
  language text NOT NULL,
  name text NOT NULL,
  mime text NOT NULL,
  content text NOT NULL,                  -- what is shown where the file is not sent (a binary file's description)
  bytes bytea NOT NULL,                   -- exactly what is sent (a text keeps its BOM, which a text column would lose)
  is_binary boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX file_offers_created_idx ON file_offers (created_at);
