-- +goose Up

-- A posyandu's recurring schedule, as an RRULE evaluated in the posyandu's
-- zone, with its local hours and place. Its days are planned ahead into
-- posyandu_days up to planned_until.
CREATE TABLE posyandu_schedules (
    posyandu_id   bigint PRIMARY KEY REFERENCES posyandu (id) ON DELETE CASCADE,
    rrule         text NOT NULL,
    starts        time NOT NULL,
    ends          time NOT NULL,
    place         text NOT NULL DEFAULT '',
    planned_until date NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- One posyandu day (from the schedule or listed by hand), with its two
-- reminders: the afternoon before (eve_at) and the morning itself.
CREATE TABLE posyandu_days (
    id             bigserial PRIMARY KEY,
    posyandu_id    bigint NOT NULL REFERENCES posyandu (id) ON DELETE CASCADE,
    day            date NOT NULL,
    starts_at      timestamptz NOT NULL,
    ends_at        timestamptz NOT NULL,
    place          text NOT NULL DEFAULT '',
    status         text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'cancelled')),
    eve_at         timestamptz NOT NULL,
    morning_at     timestamptz NOT NULL,
    eve_done       boolean NOT NULL DEFAULT false,
    morning_done   boolean NOT NULL DEFAULT false,
    -- Set when a day is cancelled: those already reminded are to be told.
    cancel_pending boolean NOT NULL DEFAULT false,
    UNIQUE (posyandu_id, day)
);
CREATE INDEX posyandu_days_eve_idx ON posyandu_days (eve_at) WHERE status = 'planned' AND NOT eve_done;
CREATE INDEX posyandu_days_morning_idx ON posyandu_days (morning_at) WHERE status = 'planned' AND NOT morning_done;
CREATE INDEX posyandu_days_cancel_idx ON posyandu_days (id) WHERE cancel_pending;

-- +goose Down
DROP TABLE posyandu_days, posyandu_schedules;
