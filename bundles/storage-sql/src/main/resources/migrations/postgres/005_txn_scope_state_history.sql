-- Client transaction IDs are scoped per device AND endpoint path (Client-Server API, "Transaction
-- identifiers"): scope names the path without the transaction ID, such as
-- 'send !room m.room.message' or 'redact !room $target'. Earlier rows get the scope of the
-- request that stored them, read from their event.
ALTER TABLE event_transactions ADD COLUMN scope TEXT;

UPDATE event_transactions t SET scope =
       CASE WHEN e.type = 'm.room.redaction'
            THEN 'redact ' || e.room_id || ' ' || COALESCE(e.json::jsonb ->> 'redacts',
                                                           e.json::jsonb -> 'content' ->> 'redacts', '')
            ELSE 'send ' || e.room_id || ' ' || e.type END
FROM events e WHERE e.event_id = t.event_id;

DELETE FROM event_transactions WHERE scope IS NULL;

ALTER TABLE event_transactions ALTER COLUMN scope SET NOT NULL;

ALTER TABLE event_transactions DROP CONSTRAINT event_transactions_pkey;

ALTER TABLE event_transactions ADD PRIMARY KEY (sender, device_id, scope, txn_id);

-- The history of one piece of state (a user's membership, the history visibility), for the
-- history visibility rules (EventStore.stateChanges).
CREATE INDEX events_room_state_history ON events (room_id, type, state_key, stream_position);
