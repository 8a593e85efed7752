package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.ClientTxn;

/**
 * An event a local user asks to send.
 *
 * @param roomId   null for the events of a room being created (the batch names it)
 * @param stateKey null for a message event
 * @param txn      the client transaction it comes with, for idempotent retries ({@link ClientTxns}); or null
 * @param redacts  for a redaction, the event it redacts (placed where the room version wants it); else null
 */
public record NewRoomEvent(String roomId, UserId sender, String type, String stateKey, JsonNode content,
                           ClientTxn txn, String redacts) {

    public static NewRoomEvent message(String roomId, UserId sender, String type, JsonNode content, ClientTxn txn) {
        return new NewRoomEvent(roomId, sender, type, null, content, txn, null);
    }

    public static NewRoomEvent state(String roomId, UserId sender, String type, String stateKey, JsonNode content) {
        return new NewRoomEvent(roomId, sender, type, stateKey, content, null, null);
    }

    /** The same event in another room: a creation's events get their room once it is named. */
    NewRoomEvent in(String room) {
        return new NewRoomEvent(room, sender, type, stateKey, content, txn, redacts);
    }
}
