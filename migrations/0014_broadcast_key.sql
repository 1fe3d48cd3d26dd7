-- +goose Up

-- A broadcast reaches a chat once: the pair (broadcast, chat) is its key,
-- in an index of two integers, instead of a text key 'bc:<id>:<user>' in
-- the dedupe index beside the (broadcast, status) index. A fan-out of
-- 100,000 writes one index entry less per row, and a narrower one.
-- (Rows queued before keep their text key; it no longer matters.)
CREATE UNIQUE INDEX outbox_broadcast_chat_idx ON outbox (broadcast_id, chat_id) WHERE broadcast_id IS NOT NULL;
DROP INDEX outbox_broadcast_idx;

-- +goose Down
CREATE INDEX outbox_broadcast_idx ON outbox (broadcast_id, status) WHERE broadcast_id IS NOT NULL;
DROP INDEX outbox_broadcast_chat_idx;
