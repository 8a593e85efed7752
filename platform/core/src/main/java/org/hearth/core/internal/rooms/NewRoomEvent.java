package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import org.hearth.api.id.UserId;

/**
 * An event a local user asks to send.
 *
 * @param stateKey null for a message event
 * @param deviceId with {@code txnId}: the sending device's transaction, for idempotent retries; or null
 * @param redacts  for a redaction, the event it redacts (placed where the room version wants it); else null
 */
public record NewRoomEvent(String roomId, UserId sender, String type, String stateKey, JsonNode content,
                           String deviceId, String txnId, String redacts) {

    public NewRoomEvent(String roomId, UserId sender, String type, String stateKey, JsonNode content,
                        String deviceId, String txnId) {
        this(roomId, sender, type, stateKey, content, deviceId, txnId, null);
    }

    public static NewRoomEvent state(String roomId, UserId sender, String type, String stateKey, JsonNode content) {
        return new NewRoomEvent(roomId, sender, type, stateKey, content, null, null);
    }
}
