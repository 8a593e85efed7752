package org.hearth.api.event;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A room event.
 *
 * @param stateKey       null for a message event
 * @param streamPosition where the event stands in this server's stream; 0 before it is stored
 */
public record RoomEvent(String eventId, String roomId, String type, String stateKey, String sender,
                        long originServerTs, JsonNode content, long streamPosition) {

    public boolean isState() {
        return stateKey != null;
    }
}
