package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.RequestAuth;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.client.Bodies;
import org.hearth.core.internal.rooms.Memberships;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/join/{roomIdOrAlias}: joins a room by ID or alias (rooms of this server only, until federation). */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/join/{roomIdOrAlias}")
public class JoinRoute implements Route {
    private final RequestAuth auth;
    private final Memberships memberships;

    @Activate
    public JoinRoute(@Reference RequestAuth auth, @Reference Memberships memberships) {
        this.auth = auth;
        this.memberships = memberships;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = auth.require(request);
        JsonNode body = Bodies.objectOrEmpty(request);
        String roomId = memberships.join(me.userId(), request.pathParam("roomIdOrAlias"), Bodies.string(body, "reason"));
        return RouteResponse.ok(Map.of("room_id", roomId));
    }
}
