-- +goose Up

-- A person's iron tablets (TTD, or MMS in pregnancy): weekly for an
-- adolescent girl on the day she chooses, daily for a pregnant woman, at a
-- local time. Counting starts at started_on (a new pregnancy starts again).
CREATE TABLE ttd_plans (
    user_id    bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    weekly     boolean NOT NULL,
    weekday    smallint NOT NULL DEFAULT 1 CHECK (weekday BETWEEN 0 AND 6), -- 0 = Sunday
    remind_at  time NOT NULL DEFAULT '19:00',
    started_on date NOT NULL,
    paused     boolean NOT NULL DEFAULT false,
    -- Doses confirmed since started_on (a copy of the count of ttd_doses,
    -- kept by the statement that records a dose).
    taken      integer NOT NULL DEFAULT 0,
    -- The next reminder, whatever comes of it; the scheduler advances it.
    next_due_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ttd_plans_due_idx ON ttd_plans (next_due_at);

-- The first reminder of a plan strictly after "after": on a day from
-- started_on, on the weekday when weekly, at remind_at in zone tz.
-- +goose StatementBegin
CREATE FUNCTION ttd_next_due(after timestamptz, tz text, remind_at time, weekly boolean,
    weekday smallint, started_on date) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
    SELECT min((d + remind_at) AT TIME ZONE tz)
    FROM generate_series(0, 8) k,
        LATERAL (SELECT GREATEST((after AT TIME ZONE tz)::date, started_on) + k AS d) day
    WHERE (d + remind_at) AT TIME ZONE tz > after
        AND (NOT weekly OR extract(dow FROM d) = weekday)
$$;
-- +goose StatementEnd

-- One row per tablet taken: a dose counts once, however often confirmed.
CREATE TABLE ttd_doses (
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    dose_date  date NOT NULL,
    taken_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, dose_date)
);

-- "Remind me in an hour": one per dose.
CREATE TABLE ttd_snoozes (
    user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    dose_date date NOT NULL,
    due_at    timestamptz NOT NULL,
    PRIMARY KEY (user_id, dose_date)
);
CREATE INDEX ttd_snoozes_due_idx ON ttd_snoozes (due_at);

-- A pregnancy followed week by week from the first day of the last period
-- (HPHT; an HPL is stored as HPL - 280 days).
CREATE TABLE pregnancies (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lmp        date NOT NULL,
    status     text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'born', 'lost')),
    ended_at   timestamptz,
    -- The next weekly message: its week and when it is due (NULL: none left).
    next_week   smallint,
    next_due_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX pregnancies_active_idx ON pregnancies (user_id) WHERE status = 'active';
CREATE INDEX pregnancies_due_idx ON pregnancies (next_due_at) WHERE status = 'active';

-- Reminders a person turned off: 'all' or one kind.
CREATE TABLE reminder_stops (
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       text NOT NULL CHECK (kind IN ('all', 'ttd', 'hamil', 'posyandu')),
    stopped_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, kind)
);

-- Reminders not sent because they were found too late to still make sense
-- (after an outage): recorded under the key they would have had.
CREATE TABLE reminder_skips (
    dedupe_key  text PRIMARY KEY,
    user_id     bigint NOT NULL,
    due_at      timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL
);

-- When a reminder was due (the schedule's time, not the time it was queued).
ALTER TABLE outbox ADD COLUMN due_at timestamptz;

-- Girls and pregnant women registered before reminders existed get the
-- default plan.
INSERT INTO ttd_plans (user_id, weekly, started_on, next_due_at)
SELECT DISTINCT ON (r.user_id) r.user_id, r.role = 'remaja_putri', CURRENT_DATE,
    ttd_next_due(now(), COALESCE(g.timezone, 'Asia/Jakarta'), '19:00', r.role = 'remaja_putri', 1::smallint, CURRENT_DATE)
FROM user_roles r JOIN users u ON u.id = r.user_id LEFT JOIN regions g ON g.code = u.region_code
WHERE r.role IN ('remaja_putri', 'ibu_hamil')
ORDER BY r.user_id, r.role = 'ibu_hamil' DESC
ON CONFLICT DO NOTHING;

-- +goose Down
ALTER TABLE outbox DROP COLUMN due_at;
DROP TABLE reminder_skips, reminder_stops, pregnancies, ttd_snoozes, ttd_doses, ttd_plans;
DROP FUNCTION ttd_next_due;
