-- Rooms, their events and state, and the per-user data of the Client-Server API.
-- Conventions of 001 apply. Room and event IDs are TEXT; JSON is stored as TEXT. No foreign key
-- ties these tables to rooms: a room's events may be stored before or without its row there.

CREATE TABLE rooms (
    room_id    TEXT PRIMARY KEY,
    version    TEXT NOT NULL,
    creator    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    published  BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE INDEX rooms_published ON rooms (published, room_id);

CREATE TABLE room_aliases (
    alias   TEXT PRIMARY KEY,
    room_id TEXT NOT NULL,
    creator TEXT NOT NULL
);

CREATE INDEX room_aliases_room ON room_aliases (room_id);

-- The one stream position counter shared by events and account data. Writers take it under a
-- transaction-scoped advisory lock (see StreamMapper), so positions commit in order.
CREATE SEQUENCE stream_position;

-- state_group: the room's state after the event (see state_groups).
CREATE TABLE events (
    stream_position  BIGINT PRIMARY KEY,
    event_id         TEXT NOT NULL UNIQUE,
    room_id          TEXT NOT NULL,
    depth            BIGINT NOT NULL,
    type             TEXT NOT NULL,
    state_key        TEXT,
    sender           TEXT NOT NULL,
    origin_server_ts BIGINT NOT NULL,
    json             TEXT NOT NULL,
    redacted_by      TEXT,
    state_group      BIGINT NOT NULL
);

CREATE INDEX events_room_stream ON events (room_id, stream_position);
CREATE INDEX events_room_time ON events (room_id, origin_server_ts, stream_position);

CREATE TABLE event_transactions (
    sender    TEXT NOT NULL,
    device_id TEXT NOT NULL,
    txn_id    TEXT NOT NULL,
    event_id  TEXT NOT NULL,
    PRIMARY KEY (sender, device_id, txn_id)
);

-- A state group holds only what differs from prev_group (its delta); one without prev_group is
-- a full snapshot. chain_length counts the groups from this one back to its snapshot, itself
-- included, so that a new group knows when to be a snapshot instead of a longer chain.
CREATE TABLE state_groups (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    room_id      TEXT NOT NULL,
    prev_group   BIGINT REFERENCES state_groups (id),
    chain_length INTEGER NOT NULL
);

CREATE TABLE state_group_entries (
    state_group BIGINT NOT NULL REFERENCES state_groups (id),
    type        TEXT NOT NULL,
    state_key   TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    PRIMARY KEY (state_group, type, state_key)
);

CREATE TABLE current_state (
    room_id   TEXT NOT NULL,
    type      TEXT NOT NULL,
    state_key TEXT NOT NULL,
    event_id  TEXT NOT NULL,
    PRIMARY KEY (room_id, type, state_key)
);

-- The m.room.member part of current_state, with each event's content.membership.
CREATE TABLE room_memberships (
    room_id    TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    membership TEXT NOT NULL,
    event_id   TEXT NOT NULL,
    PRIMARY KEY (room_id, user_id)
);

CREATE INDEX room_memberships_user ON room_memberships (user_id, membership);

CREATE TABLE forward_extremities (
    room_id  TEXT NOT NULL,
    event_id TEXT NOT NULL,
    PRIMARY KEY (room_id, event_id)
);

CREATE TABLE filters (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id TEXT NOT NULL,
    json    TEXT NOT NULL
);

-- room_id '' for global account data, so that the primary key holds for it too.
CREATE TABLE account_data (
    user_id         TEXT NOT NULL,
    room_id         TEXT NOT NULL,
    type            TEXT NOT NULL,
    content         TEXT NOT NULL,
    stream_position BIGINT NOT NULL,
    PRIMARY KEY (user_id, room_id, type)
);

CREATE INDEX account_data_user_stream ON account_data (user_id, stream_position);
-- For the highest committed stream position (currentStreamPosition).
CREATE INDEX account_data_stream ON account_data (stream_position);

CREATE TABLE forgotten_rooms (
    user_id TEXT NOT NULL,
    room_id TEXT NOT NULL,
    PRIMARY KEY (user_id, room_id)
);
