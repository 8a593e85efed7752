-- Rooms joined with part of their state (issue 11, send_join with omit_members): the member
-- events were left out of the resident server's answer, and the full state at the local join is
-- still to be fetched. A row is removed in the transaction that completes the room's state, so a
-- restart resumes the fetch of every room still here. servers: servers_in_room, one per line.

CREATE TABLE partial_state_rooms (
    room_id       TEXT NOT NULL PRIMARY KEY,
    join_event_id TEXT NOT NULL,
    servers       TEXT NOT NULL
) STRICT;
