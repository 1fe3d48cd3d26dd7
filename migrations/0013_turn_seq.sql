-- +goose Up

-- Every turn of a chat counts itself here, under the chat's lock. A turn
-- reads its conversation, its person and its pacing in the same statement
-- that takes the lock; the count tells it whether another turn of the chat
-- committed between that statement's snapshot and the lock (then it reads
-- them again), so one round trip does the work of four.
ALTER TABLE chats ADD COLUMN turns bigint NOT NULL DEFAULT 0;

-- Replies (most rows) have no dedupe key: a partial index spares them an
-- index entry on every insert and on every "sent" mark.
ALTER TABLE outbox DROP CONSTRAINT outbox_dedupe_key_key;
CREATE UNIQUE INDEX outbox_dedupe_key_idx ON outbox (dedupe_key) WHERE dedupe_key IS NOT NULL;

-- +goose Down
DROP INDEX outbox_dedupe_key_idx;
ALTER TABLE outbox ADD CONSTRAINT outbox_dedupe_key_key UNIQUE (dedupe_key);
ALTER TABLE chats DROP COLUMN turns;
