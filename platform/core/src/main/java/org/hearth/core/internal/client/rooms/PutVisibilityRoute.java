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
import org.hearth.core.internal.rooms.RoomDirectory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** PUT /_matrix/client/v3/directory/list/room/{roomId}: publishes a room in the public room directory, or removes it. */
@Component
@MatrixRoute(method = "PUT", path = "/_matrix/client/v3/directory/list/room/{roomId}", rateLimit = RateLimiter.STATE)
public class PutVisibilityRoute implements Route {
    private final RoomDirectory directory;

    @Activate
    public PutVisibilityRoute(@Reference RoomDirectory directory) {
        this.directory = directory;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        String visibility = Bodies.requiredString(Bodies.object(request), "visibility");
        if (!"public".equals(visibility) && !"private".equals(visibility)) {
            throw MatrixException.invalidParam("visibility must be public or private");
        }
        directory.setPublished(me.userId(), me.admin(), request.roomId("roomId"), "public".equals(visibility));
        return RouteResponse.ok(Map.of());
    }
}
