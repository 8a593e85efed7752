-- The rooms this server's administrators blocked (bundle org.hearth.moderation, owner
-- "moderation"): no local user joins, is invited to or knocks on them, and no other server's
-- user joins them through this server.
CREATE TABLE moderation_blocked_rooms (
    room_id    TEXT   PRIMARY KEY,
    blocked_by TEXT   NOT NULL,
    blocked_at BIGINT NOT NULL
);
