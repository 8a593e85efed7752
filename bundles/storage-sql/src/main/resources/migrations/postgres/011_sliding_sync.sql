-- Simplified sliding sync (MSC4186) connection states (SlidingSyncStore): one row per pos handed
-- out on a connection (user, device, conn_id), so a pos still works after a restart. Old rows of a
-- connection go when a newer pos is used; idle connections expire by updated_at.

CREATE TABLE sliding_sync_states (
    user_id    TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    conn_id    TEXT NOT NULL,
    pos        BIGINT NOT NULL,
    state      TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, device_id, conn_id, pos)
);

CREATE INDEX sliding_sync_states_updated ON sliding_sync_states (updated_at);
