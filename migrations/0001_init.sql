-- +goose Up

-- Administrative regions (Kemendagri codes). The time zone is copied down
-- from the province so that every region answers "what time is it there".
CREATE TABLE regions (
    code        text PRIMARY KEY,
    parent_code text REFERENCES regions (code),
    level       text NOT NULL CHECK (level IN ('provinsi', 'kabkota', 'kecamatan', 'desa')),
    name        text NOT NULL,
    timezone    text NOT NULL
);
CREATE INDEX regions_parent_idx ON regions (parent_code, name);
CREATE INDEX regions_name_idx ON regions (lower(name));

CREATE TABLE puskesmas (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL,
    region_code text NOT NULL REFERENCES regions (code),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (region_code, name)
);

CREATE TABLE posyandu (
    id           bigserial PRIMARY KEY,
    name         text NOT NULL,
    region_code  text NOT NULL REFERENCES regions (code),
    puskesmas_id bigint NOT NULL REFERENCES puskesmas (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (region_code, name)
);
CREATE INDEX posyandu_region_idx ON posyandu (region_code, name);

-- One row per Telegram private chat: what the transport must know before
-- (and whether or not) the person consents. It is also the row a turn locks.
CREATE TABLE chats (
    chat_id    bigint PRIMARY KEY,
    language   text CHECK (language IN ('id', 'en')),
    blocked_at timestamptz,
    stopped_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- A person who consented. Nothing personal is stored before consent.
CREATE TABLE users (
    id              bigserial PRIMARY KEY,
    telegram_id     bigint NOT NULL UNIQUE,
    chat_id         bigint NOT NULL REFERENCES chats (chat_id),
    name            text NOT NULL,
    phone           text,
    consent_version text NOT NULL,
    consent_at      timestamptz NOT NULL,
    region_code     text REFERENCES regions (code),
    posyandu_id     bigint REFERENCES posyandu (id),
    registered_at   timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE invites (
    id           bigserial PRIMARY KEY,
    code         text NOT NULL UNIQUE,
    role         text NOT NULL CHECK (role IN ('kader', 'nakes', 'admin')),
    posyandu_id  bigint REFERENCES posyandu (id),
    puskesmas_id bigint REFERENCES puskesmas (id),
    region_code  text REFERENCES regions (code),
    created_by   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    used_by      bigint REFERENCES users (id),
    CHECK ((role = 'kader') = (posyandu_id IS NOT NULL)),
    CHECK ((role = 'nakes') = (puskesmas_id IS NOT NULL))
);

CREATE TABLE user_roles (
    id           bigserial PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role         text NOT NULL CHECK (role IN ('orang_tua', 'ibu_hamil', 'remaja_putri', 'kader', 'nakes', 'admin')),
    posyandu_id  bigint REFERENCES posyandu (id),
    puskesmas_id bigint REFERENCES puskesmas (id),
    region_code  text REFERENCES regions (code),
    invite_id    bigint REFERENCES invites (id),
    granted_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX user_roles_unique_idx ON user_roles (
    user_id, role, COALESCE(posyandu_id, 0), COALESCE(puskesmas_id, 0), COALESCE(region_code, '')
);

-- The waiting conversation of a chat (goflow's session at a wait).
CREATE TABLE conversations (
    chat_id    bigint PRIMARY KEY REFERENCES chats (chat_id) ON DELETE CASCADE,
    flow       text NOT NULL,
    step       text NOT NULL,
    state      jsonb NOT NULL DEFAULT '{}',
    turn       integer NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);

-- Telegram update ids already handled; a repeat delivery is a no-op.
CREATE TABLE processed_updates (
    update_id    bigint PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX processed_updates_at_idx ON processed_updates (processed_at);

-- Every outgoing Telegram call. Written in the turn's transaction, sent after.
CREATE TABLE outbox (
    id                  bigserial PRIMARY KEY,
    chat_id             bigint NOT NULL,
    kind                text NOT NULL CHECK (kind IN ('reply', 'reminder', 'broadcast')),
    priority            smallint NOT NULL DEFAULT 0,
    payload             jsonb NOT NULL,
    dedupe_key          text UNIQUE,
    status              text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'dropped')),
    not_before          timestamptz NOT NULL DEFAULT now(),
    locked_until        timestamptz,
    attempts            integer NOT NULL DEFAULT 0,
    last_error          text,
    telegram_message_id bigint,
    created_at          timestamptz NOT NULL DEFAULT now(),
    sent_at             timestamptz
);
CREATE INDEX outbox_due_idx ON outbox (priority DESC, not_before, id) WHERE status = 'pending';
CREATE INDEX outbox_chat_idx ON outbox (chat_id, id) WHERE status = 'pending';

CREATE TABLE audit_log (
    id         bigserial PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    actor      text NOT NULL,
    action     text NOT NULL,
    subject    text,
    details    jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at);

-- +goose Down
DROP TABLE audit_log, outbox, processed_updates, conversations, user_roles, invites,
    users, chats, posyandu, puskesmas, regions;
