-- +goose Up

-- Per-chat flood control: the messages a chat sent in its current window.
-- Kept on the chat row, which every turn already locks, so all replicas
-- count the same.
ALTER TABLE chats
    ADD COLUMN flood_window_start timestamptz,
    ADD COLUMN flood_count        integer NOT NULL DEFAULT 0;

-- The sender's per-chat pacing looks at a chat's latest rows.
CREATE INDEX outbox_chat_recent_idx ON outbox (chat_id, id DESC);
