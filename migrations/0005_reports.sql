-- +goose Up

-- The SKDN of a kecamatan or a city reads the month's current weighings of
-- every child by day. The included columns are all it needs of them, so it
-- reads this index alone (once vacuum has marked the pages visible) instead
-- of visiting a heap page per weighing; one posyandu's weighings go through
-- measurements_current_idx.
CREATE INDEX measurements_day_idx ON measurements (measured_on, child_id)
    INCLUDE (weight_kg, trend, two_t, bgm, cat_wfa, cat_hfa, cat_wfh)
    WHERE superseded_by IS NULL AND deleted_at IS NULL;

-- +goose Down
DROP INDEX measurements_day_idx;
