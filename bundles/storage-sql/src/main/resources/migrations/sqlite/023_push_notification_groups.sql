-- Notifications as one row per event and outcome instead of one row per event and user (issue 14):
-- a message into a room of 1,000 members wrote 1,000 rows, whose two indexes keyed by user made
-- its commit write some 2,000 scattered pages (54 ms a message on SQLite).
--
-- push_slots: each user notified in a room has a number there, given once, never reused.
-- push_notification_groups: one row per event and outcome (thread, highlight, actions); users is
-- the set of their slots as hexadecimal text: slot k is bit (k % 4) of the digit at k / 4.
-- grp numbers an event's outcomes, in the order the write gave them.
-- push_reads: how far a user has read a room, in one thread or, with thread_id '', in all of them;
-- a notification is unread when it comes after both. Only grows.

CREATE TABLE push_slots (
    room_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    slot    INTEGER NOT NULL,
    PRIMARY KEY (room_id, user_id)
) STRICT;

CREATE UNIQUE INDEX push_slots_slot ON push_slots (room_id, slot);
-- A user's rooms, for /notifications and the pushers.
CREATE INDEX push_slots_user ON push_slots (user_id);

CREATE TABLE push_notification_groups (
    room_id         TEXT NOT NULL,
    stream_position INTEGER NOT NULL,
    grp             INTEGER NOT NULL,
    event_id        TEXT NOT NULL,
    thread_id       TEXT NOT NULL,
    highlight       INTEGER NOT NULL,
    actions         TEXT NOT NULL,
    ts              INTEGER NOT NULL,
    users           TEXT NOT NULL,
    PRIMARY KEY (room_id, stream_position, grp)
) STRICT;

-- For the pushers, which read the notifications of each new event.
CREATE INDEX push_notification_groups_stream ON push_notification_groups (stream_position);

CREATE TABLE push_reads (
    user_id   TEXT NOT NULL,
    room_id   TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    up_to     INTEGER NOT NULL,
    PRIMARY KEY (user_id, room_id, thread_id)
) STRICT;

-- The notifications kept so far: slots in the order of the users' names, each row a group of its
-- own, and what was read as each thread's newest notification read.
INSERT INTO push_slots (room_id, user_id, slot)
SELECT room_id, user_id, ROW_NUMBER() OVER (PARTITION BY room_id ORDER BY user_id) - 1
FROM (SELECT DISTINCT room_id, user_id FROM push_notifications) AS notified;

INSERT INTO push_notification_groups (room_id, stream_position, grp, event_id, thread_id, highlight, actions, ts, users)
SELECT n.room_id, n.stream_position,
       ROW_NUMBER() OVER (PARTITION BY n.room_id, n.stream_position ORDER BY n.user_id) - 1,
       n.event_id, n.thread_id, n.highlight, n.actions, n.ts,
       substr(hex(zeroblob(s.slot / 8 + 1)), 1, s.slot / 4) || substr('1248', s.slot % 4 + 1, 1)
FROM push_notifications n JOIN push_slots s ON s.room_id = n.room_id AND s.user_id = n.user_id;

INSERT INTO push_reads (user_id, room_id, thread_id, up_to)
SELECT user_id, room_id, thread_id, MAX(stream_position) FROM push_notifications WHERE unread = 0
GROUP BY user_id, room_id, thread_id;

DROP TABLE push_notifications;
