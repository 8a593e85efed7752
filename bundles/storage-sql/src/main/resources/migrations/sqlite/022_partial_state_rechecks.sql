-- Rooms whose events received while their state was partial are still to be checked again
-- against the completed state (issue 11): a row is added in the transaction that completes the
-- room's state and removed once the check has run, so a restart in between runs it again (the
-- check is the same whenever it runs: from the join up to the completion's stream position).
-- join_event_id: the local join, after which the events to check come.

CREATE TABLE partial_state_rechecks (
    room_id       TEXT NOT NULL PRIMARY KEY,
    join_event_id TEXT NOT NULL
) STRICT;
