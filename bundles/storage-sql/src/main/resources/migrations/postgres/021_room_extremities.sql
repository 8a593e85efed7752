-- A room's forward extremities as one row (issue 14). Every event sent replaces them: deleting
-- and inserting rows of forward_extremities left a dead row and a dead index entry per send,
-- which the next send's scan of the room walked until a vacuum came (0.24 ms of a send after 300
-- messages with autovacuum off). One row updated in place changes no index entry: a HOT update,
-- whose old versions are pruned when the page is next read; fillfactor leaves them room.

CREATE TABLE room_extremities (
    room_id   TEXT NOT NULL PRIMARY KEY,
    event_ids TEXT NOT NULL  -- a JSON array of event IDs, sorted, without duplicates
) WITH (fillfactor = 50);

INSERT INTO room_extremities (room_id, event_ids)
    SELECT room_id, json_agg(event_id ORDER BY event_id COLLATE "C")::text FROM forward_extremities GROUP BY room_id;

DROP TABLE forward_extremities;
