package org.hearth.core.internal.client.rooms;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.RoomAlias;
import org.hearth.core.internal.rooms.RoomDirectory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v3/rooms/{roomId}/aliases: the local aliases of a room the user is joined to. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/rooms/{roomId}/aliases")
public class RoomAliasesRoute implements Route {
    private final RoomDirectory directory;

    @Activate
    public RoomAliasesRoute(@Reference RoomDirectory directory) {
        this.directory = directory;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        return RouteResponse.ok(Map.of("aliases",
                directory.aliases(me.userId(), request.roomId("roomId")).stream().map(RoomAlias::toString).toList()));
    }
}
