package org.hearth.core.internal.client.legacy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.api.MatrixException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.rooms.Memberships;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/rooms/{roomId}/initialSync (deprecated): one room as in
 * {@code /initialSync}, with presence; 404 for an unknown room, 403 {@code M_FORBIDDEN} for a
 * room the user has never been in.
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/rooms/{roomId}/initialSync")
public class RoomInitialSyncRoute implements Route {
    private final LegacySync legacy;
    private final Memberships memberships;

    @Activate
    public RoomInitialSyncRoute(@Reference LegacySync legacy, @Reference Memberships memberships) {
        this.legacy = legacy;
        this.memberships = memberships;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        String roomId = memberships.resolve(request.roomId("roomId").value());
        int limit = Limits.limit(request);
        ObjectNode body = legacy.initialSync(request.requester(), limit, true);
        ObjectNode room = LegacySync.room(body, roomId);
        if (room == null) {
            throw MatrixException.forbidden("You are not a member of " + roomId);
        }
        room.set("presence", LegacySync.presence(body));
        return RouteResponse.ok(room);
    }
}
