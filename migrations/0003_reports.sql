-- +goose Up

-- Age in completed months on a day ("umur dalam bulan penuh": 2 months 29
-- days is 2 months), exactly as growth.CompletedMonths counts it, so reports
-- can put children in age bands without reading them into Go. Interval
-- arithmetic would not do: PostgreSQL takes 29 February + 60 months to 28
-- February, where a child born on the 29th is not yet 60 months old on the
-- 28th. One IMMUTABLE SQL expression, so the planner inlines it.
-- +goose StatementBegin
CREATE FUNCTION completed_months(birth date, on_day date) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (CAST(date_part('year', on_day) AS integer) - CAST(date_part('year', birth) AS integer)) * 12
        + CAST(date_part('month', on_day) AS integer) - CAST(date_part('month', birth) AS integer)
        - CASE WHEN date_part('day', on_day) < date_part('day', birth) THEN 1 ELSE 0 END
$$;
-- +goose StatementEnd

-- The month's current weighings of a whole city (the SKDN of a kecamatan or
-- kota) are read by day; one posyandu's go through measurements_current_idx.
CREATE INDEX measurements_day_idx ON measurements (measured_on, child_id)
    WHERE superseded_by IS NULL AND deleted_at IS NULL;

-- +goose Down
DROP INDEX measurements_day_idx;
DROP FUNCTION completed_months(date, date);
