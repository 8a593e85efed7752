-- End-to-end encryption: device keys, one-time and fallback keys, cross-signing keys and
-- signatures, the device-list and to-device streams, key backups. Conventions of 001 apply;
-- JSON is stored as TEXT, exactly as uploaded.

-- The position counters of the device-list and to-device streams. A writer takes the next
-- position with UPDATE ... RETURNING inside its transaction (SQLite has one writer, so
-- positions commit in order).
CREATE TABLE e2e_streams (
    name     TEXT NOT NULL PRIMARY KEY,
    position INTEGER NOT NULL
) STRICT;

INSERT INTO e2e_streams (name, position) VALUES ('device_lists', 0), ('to_device', 0);

CREATE TABLE device_keys (
    user_id   TEXT NOT NULL,
    device_id TEXT NOT NULL,
    json      TEXT NOT NULL,
    PRIMARY KEY (user_id, device_id),
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
) STRICT;

-- id: upload order, the order in which claims hand keys out.
CREATE TABLE one_time_keys (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id   TEXT NOT NULL,
    device_id TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    key_id    TEXT NOT NULL,
    json      TEXT NOT NULL,
    UNIQUE (user_id, device_id, key_id),
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
) STRICT;

CREATE INDEX one_time_keys_claim ON one_time_keys (user_id, device_id, algorithm, id);

CREATE TABLE fallback_keys (
    user_id   TEXT NOT NULL,
    device_id TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    key_id    TEXT NOT NULL,
    json      TEXT NOT NULL,
    used      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, device_id, algorithm),
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
) STRICT;

-- usage: master, self_signing or user_signing; public_key: unpadded Base64, its key ID without "ed25519:".
CREATE TABLE cross_signing_keys (
    user_id    TEXT NOT NULL,
    usage      TEXT NOT NULL,
    public_key TEXT NOT NULL,
    json       TEXT NOT NULL,
    PRIMARY KEY (user_id, usage)
) STRICT;

-- target_key_id: a device ID, or the public key of a cross-signing key.
CREATE TABLE key_signatures (
    target_user   TEXT NOT NULL,
    target_key_id TEXT NOT NULL,
    signer        TEXT NOT NULL,
    signer_key_id TEXT NOT NULL,
    signature     TEXT NOT NULL,
    PRIMARY KEY (target_user, target_key_id, signer, signer_key_id)
) STRICT;

-- The latest device-list change of each user for each audience: '' for everyone who shares a
-- room with the user, else the one user who alone may see it.
CREATE TABLE device_list_changes (
    user_id  TEXT NOT NULL,
    audience TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (user_id, audience)
) STRICT;

CREATE INDEX device_list_changes_position ON device_list_changes (position);

CREATE TABLE to_device_messages (
    user_id   TEXT NOT NULL,
    device_id TEXT NOT NULL,
    position  INTEGER NOT NULL,
    sender    TEXT NOT NULL,
    type      TEXT NOT NULL,
    content   TEXT NOT NULL,
    PRIMARY KEY (user_id, device_id, position)
) STRICT;

-- The transaction IDs of /sendToDevice per sending device, for idempotency.
CREATE TABLE to_device_transactions (
    user_id    TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    txn_id     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, device_id, txn_id)
) STRICT;

-- version: numbered across users; the user's newest version not deleted is the current one.
CREATE TABLE key_backup_versions (
    version   INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id   TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    auth_data TEXT NOT NULL,
    etag      INTEGER NOT NULL DEFAULT 0,
    key_count INTEGER NOT NULL DEFAULT 0,
    deleted   INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX key_backup_versions_user ON key_backup_versions (user_id, version);

CREATE TABLE key_backup_keys (
    version             INTEGER NOT NULL REFERENCES key_backup_versions (version) ON DELETE CASCADE,
    room_id             TEXT NOT NULL,
    session_id          TEXT NOT NULL,
    first_message_index INTEGER NOT NULL,
    forwarded_count     INTEGER NOT NULL,
    is_verified         INTEGER NOT NULL,
    session_data        TEXT NOT NULL,
    PRIMARY KEY (version, room_id, session_id)
) STRICT;
