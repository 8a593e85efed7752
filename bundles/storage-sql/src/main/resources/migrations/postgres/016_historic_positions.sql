-- Stream positions of events backfilled from other servers (Server-Server API, "Backfilling and
-- retrieving missing events"): handed out downwards from -1, below every event stored before, so
-- that fetched history sorts before a room's other events and never shows in a sync, whose
-- tokens are 0 or more. position: the lowest handed out so far.
CREATE TABLE historic_position (
    id       INTEGER NOT NULL PRIMARY KEY,
    position BIGINT NOT NULL
);
INSERT INTO historic_position (id, position) VALUES (1, 0);
