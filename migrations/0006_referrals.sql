-- +goose Up

-- A referral of a child to the puskesmas of their posyandu, made by a cadre
-- from a measurement that advised it, and moved on by the puskesmas's
-- health workers: dirujuk → diterima → diperiksa → ditangani → selesai.
-- One referral per measurement, so a repeated press refers once.
CREATE TABLE referrals (
    id             bigserial PRIMARY KEY,
    child_id       bigint NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    measurement_id bigint NOT NULL UNIQUE REFERENCES measurements (id) ON DELETE CASCADE,
    reasons        text[] NOT NULL DEFAULT '{}',
    posyandu_id    bigint NOT NULL REFERENCES posyandu (id),
    puskesmas_id   bigint NOT NULL REFERENCES puskesmas (id),
    referred_by    bigint REFERENCES users (id) ON DELETE SET NULL,
    status         text NOT NULL DEFAULT 'dirujuk'
        CHECK (status IN ('dirujuk', 'diterima', 'diperiksa', 'ditangani', 'selesai')),
    finding        text CHECK (finding IN ('stunting', 'gizi_kurang', 'gizi_buruk', 'normal')),
    note           text,
    treatment      text CHECK (treatment IN ('pmt', 'pos_gizi', 'rujuk_rs', 'lainnya')),
    moved_by       bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL,
    moved_at       timestamptz NOT NULL
);
CREATE INDEX referrals_open_puskesmas_idx ON referrals (puskesmas_id, created_at) WHERE status <> 'selesai';
CREATE INDEX referrals_open_posyandu_idx ON referrals (posyandu_id, created_at) WHERE status <> 'selesai';
CREATE INDEX referrals_child_idx ON referrals (child_id);
