-- Accounts, their devices and the devices' tokens.
-- Conventions for every table: user IDs as TEXT, times as BIGINT ms since the epoch, SHA-256
-- token hashes as BYTEA.

CREATE TABLE accounts (
    user_id       TEXT PRIMARY KEY,
    password_hash TEXT,
    display_name  TEXT,
    admin         BOOLEAN NOT NULL DEFAULT FALSE,
    deactivated   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    BIGINT NOT NULL
);

CREATE TABLE devices (
    user_id      TEXT NOT NULL REFERENCES accounts (user_id) ON DELETE CASCADE,
    device_id    TEXT NOT NULL,
    display_name TEXT,
    last_seen_at BIGINT,
    last_seen_ip TEXT,
    PRIMARY KEY (user_id, device_id)
);

-- next_id: the token issued when this one was exchanged.
CREATE TABLE refresh_tokens (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash BYTEA NOT NULL UNIQUE,
    user_id    TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    next_id    BIGINT REFERENCES refresh_tokens (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
);

CREATE INDEX refresh_tokens_device ON refresh_tokens (user_id, device_id);
CREATE INDEX refresh_tokens_next ON refresh_tokens (next_id);

-- Revoking a refresh token revokes the access token issued beside it.
CREATE TABLE access_tokens (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash       BYTEA NOT NULL UNIQUE,
    user_id          TEXT NOT NULL,
    device_id        TEXT NOT NULL,
    expires_at       BIGINT,
    refresh_token_id BIGINT REFERENCES refresh_tokens (id) ON DELETE CASCADE,
    used             BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       BIGINT NOT NULL,
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
);

CREATE INDEX access_tokens_device ON access_tokens (user_id, device_id);
CREATE INDEX access_tokens_refresh ON access_tokens (refresh_token_id);
