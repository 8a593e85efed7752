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
    stream_position INTEGER NOT NULL
) STRICT;

CREATE INDEX event_relations_parent ON event_relations (relates_to_id, stream_position);
CREATE INDEX event_relations_room ON event_relations (room_id, rel_type, stream_position);

-- the relations of the events stored before this table
INSERT INTO event_relations (event_id, relates_to_id, rel_type, room_id, type, sender, stream_position)
SELECT event_id, json_extract(json, '$.content."m.relates_to".event_id'),
       json_extract(json, '$.content."m.relates_to".rel_type'), room_id, type, sender, stream_position
FROM events
WHERE status = 0 AND state_key IS NULL AND redacted_by IS NULL
  AND json_type(json, '$.content."m.relates_to".event_id') = 'text'
  AND json_type(json, '$.content."m.relates_to".rel_type') = 'text';
