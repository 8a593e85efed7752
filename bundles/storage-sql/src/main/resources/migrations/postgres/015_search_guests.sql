-- Full-text search of room events (Client-Server API, "Server Side Search") and guest accounts
-- ("Guest Access"). event_search holds the searchable text of the accepted m.room.message
-- (content.body), m.room.name (content.name) and m.room.topic (content.topic) events: filled as
-- events are stored, emptied of an event when it is redacted; the rows of events stored before
-- this migration are filled here. jsonb refuses the escape \u0000 that content may hold: a space
-- for the index.

CREATE TABLE event_search (
    stream_position BIGINT PRIMARY KEY,
    room_id         TEXT NOT NULL,
    type            TEXT NOT NULL,
    vector          TSVECTOR NOT NULL
);

CREATE INDEX event_search_vector ON event_search USING GIN (vector);
CREATE INDEX event_search_room ON event_search (room_id, stream_position);

INSERT INTO event_search (stream_position, room_id, type, vector)
SELECT stream_position, room_id, type, to_tsvector('english', text) FROM (
    SELECT stream_position, room_id, type, CASE type
        WHEN 'm.room.message' THEN replace(json, '\u0000', '\u0020')::jsonb -> 'content' ->> 'body'
        WHEN 'm.room.name' THEN replace(json, '\u0000', '\u0020')::jsonb -> 'content' ->> 'name'
        ELSE replace(json, '\u0000', '\u0020')::jsonb -> 'content' ->> 'topic' END AS text
    FROM events
    WHERE status = 0 AND redacted_by IS NULL AND type IN ('m.room.message', 'm.room.name', 'm.room.topic')
) searchable WHERE text IS NOT NULL;

ALTER TABLE accounts ADD COLUMN guest BOOLEAN NOT NULL DEFAULT FALSE;
