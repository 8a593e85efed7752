-- When each room joined with partial state got its full state (issue 11): the stream position
-- the completion took, so that a sync from a token before it sends the room whole to a client
-- that was not sent the room while its state was partial (Client-Server API, "Syncing": the
-- client must not miss the room's members). One row per room, the latest completion.

CREATE TABLE partial_state_completions (
    room_id         TEXT NOT NULL PRIMARY KEY,
    stream_position INTEGER NOT NULL
) STRICT;
