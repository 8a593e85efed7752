-- Profile fields other than the display name (kept in accounts), and OpenID tokens.
-- Conventions of 001 apply; field values are JSON text.

CREATE TABLE profile_fields (
    user_id TEXT NOT NULL REFERENCES accounts (user_id) ON DELETE CASCADE,
    field   TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (user_id, field)
) STRICT;

CREATE TABLE openid_tokens (
    token_hash BLOB NOT NULL PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES accounts (user_id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
) STRICT;

CREATE INDEX openid_tokens_expiry ON openid_tokens (expires_at);
