-- +goose Up

-- Who came to each pos gizi session, ticked by the cadre.
CREATE TABLE pos_gizi_attendance (
    session_id bigint NOT NULL REFERENCES pos_gizi_sessions (id) ON DELETE CASCADE,
    child_id   bigint NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    ticked_at  timestamptz NOT NULL,
    PRIMARY KEY (session_id, child_id)
);

-- A child's result at the weighing of the last session: the weights at the
-- start and at the end of the round (grams), the gain the child needed, and
-- whether it passed ("lulus") or joins the next round.
ALTER TABLE pos_gizi_children
    ADD COLUMN start_grams  integer,
    ADD COLUMN end_grams    integer,
    ADD COLUMN target_grams integer,
    ADD COLUMN lulus        boolean,
    ADD COLUMN result_at    timestamptz;

-- +goose Down
ALTER TABLE pos_gizi_children DROP COLUMN start_grams, DROP COLUMN end_grams, DROP COLUMN target_grams,
    DROP COLUMN lulus, DROP COLUMN result_at;
DROP TABLE pos_gizi_attendance;
