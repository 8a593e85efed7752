package org.hearth.core.internal.client.rooms;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.core.internal.rooms.Notifier;
import org.hearth.core.internal.rooms.RoomAccess;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/rooms/{roomId}/forget: hides a room the user has left from their syncs; 400 M_UNKNOWN while still joined. */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/rooms/{roomId}/forget")
public class ForgetRoute implements Route {
    private final RoomAccess access;
    private final UserDataStore userData;
    private final Notifier notifier;

    @Activate
    public ForgetRoute(@Reference RoomAccess access, @Reference UserDataStore userData, @Reference Notifier notifier) {
        this.access = access;
        this.userData = userData;
        this.notifier = notifier;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        String roomId = request.roomId("roomId").value();
        String membership = access.membership(roomId, me.userId());
        if ("join".equals(membership) || "invite".equals(membership) || "knock".equals(membership)) {
            throw new MatrixException(400, "M_UNKNOWN", "Leave the room before forgetting it");
        }
        userData.forget(me.userId(), roomId);
        notifier.userChanged(me.userId().toString()); // a sliding sync list no longer shows the room
        return RouteResponse.ok(Map.of());
    }
}
