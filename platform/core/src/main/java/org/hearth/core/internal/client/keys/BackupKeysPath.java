package org.hearth.core.internal.client.keys;

import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.id.RoomId;

/**
 * The three forms of {@code /room_keys/keys[/{roomId}[/{sessionId}]]?version=…}: all keys, one
 * room's, one session's.
 */
record BackupKeysPath(String version, Optional<RoomId> room, Optional<String> session) {
    static final String ALL = "/_matrix/client/v3/room_keys/keys";
    static final String ROOM = "/_matrix/client/v3/room_keys/keys/{roomId}";
    static final String SESSION = "/_matrix/client/v3/room_keys/keys/{roomId}/{sessionId}";

    static BackupKeysPath of(RouteRequest request) throws MatrixException {
        String version = request.queryParam("version")
                .orElseThrow(() -> MatrixException.missingParam("The version query parameter is required"));
        Optional<RoomId> room = request.optionalPathParam("roomId").isPresent()
                ? Optional.of(request.roomId("roomId")) : Optional.empty();
        return new BackupKeysPath(version, room, request.optionalPathParam("sessionId"));
    }
}
