-- Platform message references that are no card: the answer behind a posted message (Teams' own
-- feedback dialog names the message) and the record of a Slack assistant thread. posted_cards keeps cards.
CREATE TABLE message_refs (
  group_id text NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  kind text NOT NULL,
  key text NOT NULL,
  ref jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, kind, key)
);

INSERT INTO message_refs (group_id, kind, key, ref, updated_at)
SELECT group_id, 'answer', substr(card_key, length('answer-message:') + 1), platform_ref, updated_at
FROM posted_cards WHERE card_key LIKE 'answer-message:%';

INSERT INTO message_refs (group_id, kind, key, ref, updated_at)
SELECT group_id, 'assistant-thread', substr(card_key, length('slack-assistant:') + 1), platform_ref, updated_at
FROM posted_cards WHERE card_key LIKE 'slack-assistant:%';

DELETE FROM posted_cards WHERE card_key LIKE 'answer-message:%' OR card_key LIKE 'slack-assistant:%';
