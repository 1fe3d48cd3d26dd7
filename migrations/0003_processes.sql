-- +goose Up

-- The running tumbuh processes. Each writes its heartbeat every second; one
-- whose heartbeat is a few seconds old is dead, and the outbox rows it had
-- leased are free for any other process to send at once, rather than after
-- the 30 s lease.
CREATE TABLE processes (
    id           bigserial PRIMARY KEY,
    host         text NOT NULL,
    pid          integer NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now(),
    stopped_at   timestamptz
);

-- The process holding a row's lease (no foreign key: old processes are pruned).
ALTER TABLE outbox ADD COLUMN locked_by bigint;

-- +goose Down
ALTER TABLE outbox DROP COLUMN locked_by;
DROP TABLE processes;
