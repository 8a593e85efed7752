-- The federation bundle's tables (bundle org.hearth.federation, owner "federation").

-- Other servers' signing keys (Server-Server API, "Retrieving server keys"): a current key is
-- valid until valid_until_ts; an old key (old_verify_keys) was valid until expired_ts.
CREATE TABLE federation_server_keys (
    server_name    TEXT   NOT NULL,
    key_id         TEXT   NOT NULL,
    verify_key     TEXT   NOT NULL,
    valid_until_ts BIGINT NOT NULL,
    expired_ts     BIGINT,
    PRIMARY KEY (server_name, key_id)
);

-- For each key of a server, the newest response (as the server signed it) that holds it: what
-- the notary endpoints serve. A key the server stops publishing keeps its last response.
CREATE TABLE federation_key_responses (
    server_name    TEXT   NOT NULL,
    key_id         TEXT   NOT NULL,
    response       TEXT   NOT NULL,
    valid_until_ts BIGINT NOT NULL,
    fetched_at     BIGINT NOT NULL,
    PRIMARY KEY (server_name, key_id)
);

-- Transactions received (PUT /send/{txnId}), so a retried one gets the same answer.
CREATE TABLE federation_received_txns (
    origin      TEXT   NOT NULL,
    txn_id      TEXT   NOT NULL,
    response    TEXT   NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (origin, txn_id)
);

-- What waits to be sent, per destination, in order: PDUs by event ID, EDUs as their JSON.
CREATE TABLE federation_outbox (
    id          BIGSERIAL PRIMARY KEY,
    destination TEXT    NOT NULL,
    event_id    TEXT,
    edu         TEXT,
    queued_at   BIGINT  NOT NULL
);
CREATE INDEX federation_outbox_by_destination ON federation_outbox (destination, id);

-- Back-off of a destination that failed: nothing is sent to it before retry_at.
CREATE TABLE federation_destinations (
    destination       TEXT   PRIMARY KEY,
    retry_at          BIGINT NOT NULL,
    retry_interval_ms BIGINT NOT NULL
);

-- The last event stream position the sender queued (its cursor in core may lag after a crash).
CREATE TABLE federation_stream (
    name     TEXT   PRIMARY KEY,
    position BIGINT NOT NULL
);
