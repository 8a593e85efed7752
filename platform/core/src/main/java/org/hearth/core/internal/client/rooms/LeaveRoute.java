package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Access;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.rooms.Memberships;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/rooms/{roomId}/leave: leaves a room, or rejects an invite. */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/rooms/{roomId}/leave", access = Access.GUEST, rateLimit = RateLimiter.STATE)
public class LeaveRoute implements Route {
    private final Memberships memberships;

    @Activate
    public LeaveRoute(@Reference Memberships memberships) {
        this.memberships = memberships;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        String roomId = request.roomId("roomId").value();
        JsonNode body = Bodies.objectOrEmpty(request);
        memberships.change(me.userId(), memberships.resolve(roomId), "leave", Bodies.string(body, "reason"));
        return RouteResponse.ok(Map.of());
    }
}
