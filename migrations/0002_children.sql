-- +goose Up

-- A child under five followed by the program. Added by a parent (who
-- becomes a guardian) or, later, by a cadre at the posyandu. A child whose
-- last guardian left and who has no posyandu is deleted with their data.
CREATE TABLE children (
    id              bigserial PRIMARY KEY,
    name            text NOT NULL,
    sex             text NOT NULL CHECK (sex IN ('m', 'f')),
    birth_date      date NOT NULL,
    birth_weight_kg numeric(4, 2) CHECK (birth_weight_kg > 0 AND birth_weight_kg <= 7),
    birth_length_cm numeric(4, 1) CHECK (birth_length_cm >= 30 AND birth_length_cm <= 65),
    posyandu_id     bigint REFERENCES posyandu (id),
    has_kia         boolean NOT NULL DEFAULT true,
    parent_phone    text,
    created_by      bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz
);
CREATE INDEX children_posyandu_idx ON children (posyandu_id) WHERE deleted_at IS NULL;

-- Who looks after a child. Only guardians (and, later, the child's posyandu
-- cadres) may see the child.
CREATE TABLE guardians (
    child_id   bigint NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    relation   text NOT NULL CHECK (relation IN ('ibu', 'ayah', 'wali', 'lainnya')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (child_id, user_id)
);
CREATE INDEX guardians_user_idx ON guardians (user_id);

-- One measurement of a child on one day, with everything computed from it
-- at write time (internal/growth), so reports read numbers, not formulas.
-- A correction inserts a new row and points the old one at it
-- (superseded_by); a removal sets deleted_at. The current measurements are
-- those with neither.
CREATE TABLE measurements (
    id            bigserial PRIMARY KEY,
    child_id      bigint NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    measured_on   date NOT NULL,
    weight_kg     numeric(5, 2) CHECK (weight_kg > 0 AND weight_kg <= 60),
    lenhei_cm     numeric(5, 1) CHECK (lenhei_cm >= 38 AND lenhei_cm <= 150),
    position      text CHECK (position IN ('l', 'h')),
    head_cm       numeric(4, 1),
    arm_cm        numeric(4, 1),
    oedema        boolean NOT NULL DEFAULT false,
    source        text NOT NULL CHECK (source IN ('home', 'posyandu')),
    recorded_by   bigint REFERENCES users (id) ON DELETE SET NULL,
    -- Computed by internal/growth when written.
    age_days      integer NOT NULL,
    zlen          numeric(5, 2),
    zwei          numeric(5, 2),
    zwfl          numeric(5, 2),
    zbmi          numeric(5, 2),
    zhc           numeric(5, 2),
    zac           numeric(5, 2),
    flen          boolean NOT NULL DEFAULT false,
    fwei          boolean NOT NULL DEFAULT false,
    fwfl          boolean NOT NULL DEFAULT false,
    fbmi          boolean NOT NULL DEFAULT false,
    fhc           boolean NOT NULL DEFAULT false,
    fac           boolean NOT NULL DEFAULT false,
    cat_wfa       text,
    cat_hfa       text,
    cat_wfh       text,
    cat_bmi       text,
    -- Growth monitoring (KMS): N, T, O or B; 2T; BGM; gain since last month.
    trend         text CHECK (trend IN ('N', 'T', 'O', 'B')),
    two_t         boolean NOT NULL DEFAULT false,
    bgm           boolean NOT NULL DEFAULT false,
    gain_g        integer,
    kbm_g         integer,
    referral      text[] NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now(),
    -- Deferred: a correction names its new row before inserting it, because
    -- the old row must stop being current before the new one may be.
    superseded_by bigint REFERENCES measurements (id) DEFERRABLE INITIALLY DEFERRED,
    deleted_at    timestamptz,
    CHECK (weight_kg IS NOT NULL OR lenhei_cm IS NOT NULL),
    CHECK ((lenhei_cm IS NULL) = (position IS NULL))
);
-- One current measurement per child and day: measuring again corrects it.
CREATE UNIQUE INDEX measurements_current_idx ON measurements (child_id, measured_on)
    WHERE superseded_by IS NULL AND deleted_at IS NULL;

-- +goose Down
DROP TABLE measurements, guardians, children;
