-- Client transaction IDs are scoped per device AND endpoint path (Client-Server API, "Transaction
-- identifiers"): scope names the path without the transaction ID, such as
-- 'send !room m.room.message' or 'redact !room $target'. Earlier rows get the scope of the
-- request that stored them, read from their event.
CREATE TABLE event_transactions_scoped (
    sender    TEXT NOT NULL,
    device_id TEXT NOT NULL,
    scope     TEXT NOT NULL,
    txn_id    TEXT NOT NULL,
    event_id  TEXT NOT NULL,
    PRIMARY KEY (sender, device_id, scope, txn_id)
) STRICT;

INSERT INTO event_transactions_scoped (sender, device_id, scope, txn_id, event_id)
SELECT t.sender, t.device_id,
       CASE WHEN e.type = 'm.room.redaction'
            THEN 'redact ' || e.room_id || ' ' || COALESCE(json_extract(e.json, '$.redacts'),
                                                           json_extract(e.json, '$.content.redacts'), '')
            ELSE 'send ' || e.room_id || ' ' || e.type END,
       t.txn_id, t.event_id
FROM event_transactions t JOIN events e ON e.event_id = t.event_id;

DROP TABLE event_transactions;

ALTER TABLE event_transactions_scoped RENAME TO event_transactions;

-- The history of one piece of state (a user's membership, the history visibility), for the
-- history visibility rules (EventStore.stateChanges).
CREATE INDEX events_room_state_history ON events (room_id, type, state_key, stream_position);
