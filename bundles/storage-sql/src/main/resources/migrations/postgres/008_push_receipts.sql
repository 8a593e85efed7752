-- Read receipts and the push module: receipts (ReceiptStore), each user's push rule changes,
-- the notifications push rules gave (the unread counts), pushers (PushStore).

-- thread_id '' for an unthreaded receipt, so that the primary key holds for it too.
-- event_position: the stream position of the event read up to; stream_position: the receipt's own,
-- from the event stream's counter (as account data).
CREATE TABLE receipts (
    room_id         TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    type            TEXT NOT NULL,
    thread_id       TEXT NOT NULL,
    event_id        TEXT NOT NULL,
    event_position  BIGINT NOT NULL,
    ts              BIGINT NOT NULL,
    stream_position BIGINT NOT NULL,
    PRIMARY KEY (room_id, user_id, type, thread_id)
);

CREATE INDEX receipts_room_stream ON receipts (room_id, stream_position);
-- For the highest committed stream position (currentStreamPosition).
CREATE INDEX receipts_stream ON receipts (stream_position);

CREATE TABLE push_rules (
    user_id TEXT NOT NULL PRIMARY KEY,
    content TEXT NOT NULL
);

-- One row per event and user it notifies; thread_id 'main' for an event in no thread. unread: 1
-- until a read receipt of the user (or an event the user sent in the room) covers it; the
-- unread counts of /sync read the partial index of the unread rows only.
CREATE TABLE push_notifications (
    user_id         TEXT NOT NULL,
    room_id         TEXT NOT NULL,
    event_id        TEXT NOT NULL,
    stream_position BIGINT NOT NULL,
    thread_id       TEXT NOT NULL,
    highlight       INTEGER NOT NULL,
    unread          INTEGER NOT NULL,
    actions         TEXT NOT NULL,
    ts              BIGINT NOT NULL,
    PRIMARY KEY (user_id, stream_position)
);

CREATE INDEX push_notifications_unread ON push_notifications (user_id, room_id, stream_position) WHERE unread = 1;
-- For the pushers, which read the notifications of each new event.
CREATE INDEX push_notifications_stream ON push_notifications (stream_position);

CREATE TABLE pushers (
    user_id             TEXT NOT NULL,
    app_id              TEXT NOT NULL,
    pushkey             TEXT NOT NULL,
    kind                TEXT NOT NULL,
    app_display_name    TEXT NOT NULL,
    device_display_name TEXT NOT NULL,
    profile_tag         TEXT,
    lang                TEXT NOT NULL,
    data                TEXT NOT NULL,
    ts                  BIGINT NOT NULL,
    PRIMARY KEY (app_id, pushkey, user_id)
);

CREATE INDEX pushers_user ON pushers (user_id);
