package org.hearth.core.internal.client.rooms;

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

/** GET /_matrix/client/v3/publicRooms: a page of this server's public room directory (limit, since). No authentication. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/publicRooms", access = Access.OPTIONAL)
public class PublicRoomsRoute implements Route {
    private final RoomDirectory directory;

    @Activate
    public PublicRoomsRoute(@Reference RoomDirectory directory) {
        this.directory = directory;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        int limit;
        try {
            limit = Integer.parseInt(request.queryParam("limit").orElse("0"));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("limit must be a number");
        }
        if (request.queryParam("server").isPresent()) {
            throw MatrixException.forbidden("Other servers' directories need federation");
        }
        return RouteResponse.ok(directory.publicRooms(limit, request.queryParam("since").orElse(null), null));
    }
}
