-- +goose Up

-- An admin's message to many people. The outbox rows of a broadcast name it
-- (outbox.broadcast_id) and say which text to send; the text itself is read
-- from here when each row is sent.
CREATE TABLE broadcasts (
    id           bigserial PRIMARY KEY,
    created_by   text NOT NULL,
    text_id      text NOT NULL,
    text_en      text,
    photo        bytea,
    audience     jsonb NOT NULL DEFAULT '{}',
    send_at      timestamptz NOT NULL DEFAULT now(),
    status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'cancelled')),
    total        integer NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    cancelled_at timestamptz
);

-- No foreign key: its check would run once per recipient on a fan-out of
-- 100,000 rows (about a second), and broadcasts are never deleted.
ALTER TABLE outbox ADD COLUMN broadcast_id bigint;
CREATE INDEX outbox_broadcast_idx ON outbox (broadcast_id, status) WHERE broadcast_id IS NOT NULL;
-- The sender claims each class (replies; reminders; broadcasts) on its own.
-- It replaces outbox_due_idx: one index less to write for every queued row.
CREATE INDEX outbox_due_kind_idx ON outbox (kind, priority DESC, not_before, id) WHERE status = 'pending';
DROP INDEX outbox_due_idx;

-- State the bulk senders of all replicas share: a 429 pauses bulk sending
-- for everyone until bulk_paused_until.
CREATE TABLE sender_state (
    id                boolean PRIMARY KEY DEFAULT true CHECK (id),
    bulk_paused_until timestamptz
);
INSERT INTO sender_state (id) VALUES (true);

-- +goose Down
DROP TABLE sender_state;
CREATE INDEX outbox_due_idx ON outbox (priority DESC, not_before, id) WHERE status = 'pending';
DROP INDEX outbox_due_kind_idx;
ALTER TABLE outbox DROP COLUMN broadcast_id;
DROP TABLE broadcasts;
