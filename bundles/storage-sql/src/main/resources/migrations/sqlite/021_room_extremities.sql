-- A room's forward extremities as one row (issue 14): every event sent replaces them, which was
-- a delete and an insert per extremity in forward_extremities; now one upsert of the room's row.

CREATE TABLE room_extremities (
    room_id   TEXT NOT NULL PRIMARY KEY,
    event_ids TEXT NOT NULL  -- a JSON array of event IDs, sorted, without duplicates
) STRICT;

INSERT INTO room_extremities (room_id, event_ids)
    SELECT room_id, json_group_array(event_id ORDER BY event_id) FROM forward_extremities GROUP BY room_id;

DROP TABLE forward_extremities;
