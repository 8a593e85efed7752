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
import org.hearth.core.internal.rooms.Memberships;
import org.hearth.core.internal.rooms.Suspension;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/v3/knock/{roomIdOrAlias}: asks to join a room whose join rule is knock
 * (room version 7 and later), through the servers named by {@code via} when this one is not in it.
 */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/knock/{roomIdOrAlias}", rateLimit = RateLimiter.JOIN)
public class KnockRoute implements Route {
    private final Memberships memberships;

    @Activate
    public KnockRoute(@Reference Memberships memberships) {
        this.memberships = memberships;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        Suspension.refuse(me, "knock on rooms");
        String roomId = memberships.knock(me.userId(), request.pathParam("roomIdOrAlias"),
                Bodies.string(Bodies.objectOrEmpty(request), "reason"), ViaServers.of(request));
        return RouteResponse.ok(Map.of("room_id", roomId));
    }
}
