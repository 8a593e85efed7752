package org.hearth.core.internal.client.rooms;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.rooms.RoomDirectory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v3/directory/list/room/{roomId}: whether the room is in the public room directory. No authentication. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/directory/list/room/{roomId}", access = Access.NONE)
public class GetVisibilityRoute implements Route {
    private final RoomDirectory directory;

    @Activate
    public GetVisibilityRoute(@Reference RoomDirectory directory) {
        this.directory = directory;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return RouteResponse.ok(Map.of("visibility", directory.published(request.roomId("roomId")) ? "public" : "private"));
    }
}
