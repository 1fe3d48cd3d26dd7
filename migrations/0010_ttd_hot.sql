-- +goose Up

-- The evening tick moves every due plan to its next reminder. With no
-- index on next_due_at and room left on each page, that update is HOT: the
-- new row version stays on its page and no index gets an entry, which
-- halves the write work of moving 100,000 plans. The tick already finds
-- the due plans by a sequential scan (they are most of the table at
-- 19:00); the idle check scans the table too (20-30 ms for 100,000
-- plans, once every SCHEDULER_INTERVAL).
DROP INDEX ttd_plans_due_idx;
ALTER TABLE ttd_plans SET (fillfactor = 50);

-- +goose Down
ALTER TABLE ttd_plans RESET (fillfactor);
CREATE INDEX ttd_plans_due_idx ON ttd_plans (next_due_at);
