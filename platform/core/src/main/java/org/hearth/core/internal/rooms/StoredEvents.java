package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.api.store.StoredEvent;
import org.hearth.core.internal.event.Pdu;

/** Stored events back to PDUs. */
final class StoredEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredEvents() {
    }

    static Pdu pdu(StoredEvent stored) {
        return Pdu.of(json(stored), stored.eventId());
    }

    static ObjectNode json(StoredEvent stored) {
        try {
            return (ObjectNode) JSON.readTree(stored.json());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event " + stored.eventId() + " is not JSON", e);
        }
    }
}
