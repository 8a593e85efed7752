package org.hearth.core.internal.client.presence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.presence.Presence;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** PUT /_matrix/client/v3/presence/{userId}/status: sets one's own presence ({@code presence}, {@code status_msg}); 403 for another user's. */
@Component
@MatrixRoute(method = "PUT", path = "/_matrix/client/v3/presence/{userId}/status")
public class PutPresenceRoute implements Route {
    private final Presence presence;

    @Activate
    public PutPresenceRoute(@Reference Presence presence) {
        this.presence = presence;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        UserId user = request.userId("userId");
        if (!request.requester().userId().equals(user)) {
            throw MatrixException.forbidden("Cannot set the presence of another user");
        }
        JsonNode body = Bodies.object(request);
        presence.set(user, Bodies.requiredString(body, "presence"), Bodies.string(body, "status_msg"));
        return RouteResponse.ok(Map.of());
    }
}
