-- The room DAG (issue 11, federation): an event's status in its room, its prev and auth edges,
-- and the state group before it (state resolution of its prev_events' states).
-- status: 0 accepted, 1 outlier (no state: state_group 0), 2 soft-failed, 3 rejected.
ALTER TABLE events ADD COLUMN status INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN rejected_reason TEXT;
ALTER TABLE events ADD COLUMN state_group_before INTEGER NOT NULL DEFAULT 0;

CREATE TABLE event_edges (
    event_id      TEXT NOT NULL,
    prev_event_id TEXT NOT NULL,
    PRIMARY KEY (event_id, prev_event_id)
) STRICT;

CREATE INDEX event_edges_prev ON event_edges (prev_event_id);

CREATE TABLE event_auth_edges (
    event_id      TEXT NOT NULL,
    auth_event_id TEXT NOT NULL,
    PRIMARY KEY (event_id, auth_event_id)
) STRICT;
