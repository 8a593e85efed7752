package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.util.Json;

/** Stored events back to PDUs. */
final class StoredEvents {

    private StoredEvents() {
    }

    static Pdu pdu(StoredEvent stored) {
        return Pdu.of(json(stored), stored.eventId());
    }

    static ObjectNode json(StoredEvent stored) {
        return (ObjectNode) Json.stored(stored.json());
    }
}
