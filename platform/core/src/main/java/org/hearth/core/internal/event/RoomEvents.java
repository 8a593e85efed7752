package org.hearth.core.internal.event;

import com.fasterxml.jackson.databind.JsonNode;
import org.hearth.api.event.RoomEvent;
import org.hearth.api.id.EventId;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.util.Json;

/** Events as bundles see them ({@link RoomEvent}), from a PDU or from storage. */
public final class RoomEvents {

    private RoomEvents() {
    }

    /** An event being built or just stored; {@code streamPosition} 0 before it is stored. */
    public static RoomEvent of(String roomId, Pdu pdu, long streamPosition) {
        return new RoomEvent(new EventId(pdu.eventId()), new RoomId(roomId), pdu.type(), pdu.stateKey().orElse(null),
                sender(pdu.sender()), pdu.originServerTs(), pdu.content(), streamPosition, false);
    }

    /** A stored event, with what redaction left of its content when it was redacted. */
    public static RoomEvent of(StoredEvent stored) {
        JsonNode content = Json.stored(stored.json()).path("content");
        return new RoomEvent(new EventId(stored.eventId()), new RoomId(stored.roomId()), stored.type(),
                stored.stateKey(), sender(stored.sender()), stored.originServerTs(), content,
                stored.streamPosition(), stored.redactedBy() != null);
    }

    private static UserId sender(String sender) {
        return UserId.parse(sender).orElseThrow(() -> new IllegalStateException("stored event with sender " + sender));
    }
}
