-- +goose Up

-- A pos gizi round: mothers of children with faltering weight cook and
-- feed together for a number of sessions (about 12 over two weeks), the
-- children weighed at the last. Length and hours are settings of a round.
CREATE TABLE pos_gizi_rounds (
    id          bigserial PRIMARY KEY,
    posyandu_id bigint NOT NULL REFERENCES posyandu (id) ON DELETE CASCADE,
    starts_on   date NOT NULL,
    sessions    integer NOT NULL CHECK (sessions BETWEEN 1 AND 30),
    place       text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pos_gizi_children (
    round_id bigint NOT NULL REFERENCES pos_gizi_rounds (id) ON DELETE CASCADE,
    child_id bigint NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    PRIMARY KEY (round_id, child_id)
);

-- One session of a round, with its morning reminder.
CREATE TABLE pos_gizi_sessions (
    id          bigserial PRIMARY KEY,
    round_id    bigint NOT NULL REFERENCES pos_gizi_rounds (id) ON DELETE CASCADE,
    number      integer NOT NULL,
    day         date NOT NULL,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    reminder_at timestamptz NOT NULL,
    done        boolean NOT NULL DEFAULT false,
    UNIQUE (round_id, number)
);
CREATE INDEX pos_gizi_sessions_due_idx ON pos_gizi_sessions (reminder_at) WHERE NOT done;

-- +goose Down
DROP TABLE pos_gizi_sessions, pos_gizi_children, pos_gizi_rounds;
