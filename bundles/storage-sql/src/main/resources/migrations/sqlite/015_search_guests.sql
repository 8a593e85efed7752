-- Full-text search of room events (Client-Server API, "Server Side Search") and guest accounts
-- ("Guest Access"). event_search (FTS5; rowid = the event's stream position) holds the searchable
-- text of the accepted m.room.message (content.body), m.room.name (content.name) and m.room.topic
-- (content.topic) events: filled as events are stored, emptied of an event when it is redacted;
-- the rows of events stored before this migration are filled here.

CREATE VIRTUAL TABLE event_search USING fts5(text, room_id UNINDEXED, type UNINDEXED,
    tokenize = 'porter unicode61');

INSERT INTO event_search (rowid, text, room_id, type)
SELECT stream_position, text, room_id, type FROM (
    SELECT stream_position, room_id, type, CASE type
        WHEN 'm.room.message' THEN json_extract(json, '$.content.body')
        WHEN 'm.room.name' THEN json_extract(json, '$.content.name')
        ELSE json_extract(json, '$.content.topic') END AS text
    FROM events
    WHERE status = 0 AND redacted_by IS NULL AND type IN ('m.room.message', 'm.room.name', 'm.room.topic')
) WHERE typeof(text) = 'text';

ALTER TABLE accounts ADD COLUMN guest INTEGER NOT NULL DEFAULT 0;
