package org.hearth.storage.sql.internal;

import org.hearth.api.spi.storage.StateKey;

/** One row of room state: (type, state key) → event ID. */
record StateEntry(String type, String stateKey, String eventId) {

    StateKey key() {
        return new StateKey(type, stateKey);
    }
}
