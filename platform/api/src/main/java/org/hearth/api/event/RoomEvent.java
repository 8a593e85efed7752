package org.hearth.api.event;

import com.fasterxml.jackson.databind.JsonNode;
import org.hearth.api.id.EventId;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;

/**
 * A room event, in the shape the Client-Server API gives it (no signatures, hashes or DAG
 * fields). {@code content} must not be modified.
 *
 * @param stateKey       null for a message event
 * @param streamPosition where the event stands in this server's stream; 0 before it is stored
 * @param redacted       whether the content shown is what redaction left of it
 */
public record RoomEvent(EventId eventId, RoomId roomId, String type, String stateKey, UserId sender,
                        long originServerTs, JsonNode content, long streamPosition, boolean redacted) {
    public boolean isState() {
        return stateKey != null;
    }
}
