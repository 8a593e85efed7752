-- Accounts, their devices and the devices' tokens.
-- Conventions for every table: user IDs as TEXT, times as ms since the epoch, booleans as 0/1,
-- SHA-256 token hashes as BLOB; STRICT tables so a wrong type fails instead of being stored.

CREATE TABLE accounts (
    user_id       TEXT NOT NULL PRIMARY KEY,
    password_hash TEXT,
    display_name  TEXT,
    admin         INTEGER NOT NULL DEFAULT 0,
    deactivated   INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE devices (
    user_id      TEXT NOT NULL REFERENCES accounts (user_id) ON DELETE CASCADE,
    device_id    TEXT NOT NULL,
    display_name TEXT,
    last_seen_at INTEGER,
    last_seen_ip TEXT,
    PRIMARY KEY (user_id, device_id)
) STRICT;

-- next_id: the token issued when this one was exchanged; AUTOINCREMENT so that an ID a client
-- still holds never names a later token.
CREATE TABLE refresh_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash BLOB NOT NULL UNIQUE,
    user_id    TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    next_id    INTEGER REFERENCES refresh_tokens (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
) STRICT;

CREATE INDEX refresh_tokens_device ON refresh_tokens (user_id, device_id);
CREATE INDEX refresh_tokens_next ON refresh_tokens (next_id);

-- Revoking a refresh token revokes the access token issued beside it.
CREATE TABLE access_tokens (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash       BLOB NOT NULL UNIQUE,
    user_id          TEXT NOT NULL,
    device_id        TEXT NOT NULL,
    expires_at       INTEGER,
    refresh_token_id INTEGER REFERENCES refresh_tokens (id) ON DELETE CASCADE,
    used             INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
) STRICT;

CREATE INDEX access_tokens_device ON access_tokens (user_id, device_id);
CREATE INDEX access_tokens_refresh ON access_tokens (refresh_token_id);
