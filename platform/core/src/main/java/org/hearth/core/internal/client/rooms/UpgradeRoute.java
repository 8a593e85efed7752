package org.hearth.core.internal.client.rooms;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.rooms.RoomUpgrades;
import org.hearth.core.internal.rooms.Suspension;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/rooms/{roomId}/upgrade: replaces the room by a new one of another version: tombstone in the old room, its state carried over. */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/rooms/{roomId}/upgrade", rateLimit = RateLimiter.ROOM_CREATION)
public class UpgradeRoute implements Route {
    private final RoomUpgrades upgrades;

    @Activate
    public UpgradeRoute(@Reference RoomUpgrades upgrades) {
        this.upgrades = upgrades;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        Suspension.refuse(me, "upgrade rooms");
        String version = Bodies.requiredString(Bodies.object(request), "new_version");
        return RouteResponse.ok(Map.of("replacement_room", upgrades.upgrade(me.userId(), request.roomId("roomId").value(), version)));
    }
}
