-- +goose Up

-- The due index answers one question: which rows are due, by class and
-- priority. Its predicate's "not_before IS NOT NULL" is always true (the
-- column is NOT NULL); it is there so that only a query that asks about
-- due times (not_before <= ...) can use the index.
--
-- Without it PostgreSQL could answer a question about one chat ("does this
-- chat have a reply queued?", asked by every turn) by reading every pending
-- reply of every chat here. It does so when its statistics say nothing is
-- pending, which is most of the time, and a turn's statement keeps the plan
-- it was given for as long as its connection lives: during an outage's
-- backlog of thousands of replies, every turn read them all (4.6 ms a turn
-- in the weigh-in benchmark, against 0.1 ms through the chat index).
CREATE INDEX outbox_due_idx ON outbox (kind, priority DESC, not_before, id)
    WHERE status = 'pending' AND not_before IS NOT NULL;
DROP INDEX outbox_due_kind_idx;

-- +goose Down
CREATE INDEX outbox_due_kind_idx ON outbox (kind, priority DESC, not_before, id) WHERE status = 'pending';
DROP INDEX outbox_due_idx;
