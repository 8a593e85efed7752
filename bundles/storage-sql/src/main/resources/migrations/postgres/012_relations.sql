-- Event relationships (Client-Server API, "Forming relationships between events"): one row per
-- accepted message event whose content has an m.relates_to with rel_type and event_id (RelationStore),
-- deleted when the child event is redacted (the relationship is then broken). Rich replies carry
-- no rel_type and are not kept.

CREATE TABLE event_relations (
    event_id        TEXT NOT NULL PRIMARY KEY,
    relates_to_id   TEXT NOT NULL,
    rel_type        TEXT NOT NULL,
    room_id         TEXT NOT NULL,
    type            TEXT NOT NULL,
    sender          TEXT NOT NULL,
    stream_position BIGINT NOT NULL
);

CREATE INDEX event_relations_parent ON event_relations (relates_to_id, stream_position);
CREATE INDEX event_relations_room ON event_relations (room_id, rel_type, stream_position);

-- the relations of the events stored before this table
INSERT INTO event_relations (event_id, relates_to_id, rel_type, room_id, type, sender, stream_position)
SELECT event_id, relation ->> 'event_id', relation ->> 'rel_type', room_id, type, sender, stream_position
FROM (SELECT event_id, room_id, type, sender, stream_position, replace(json, '\u0000', '\u0020')::jsonb -> 'content' -> 'm.relates_to' AS relation
      FROM events WHERE status = 0 AND state_key IS NULL AND redacted_by IS NULL) AS candidates
WHERE jsonb_typeof(relation -> 'event_id') = 'string' AND jsonb_typeof(relation -> 'rel_type') = 'string';
