package org.hearth.core.internal.client.rooms;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.ServerName;
import org.hearth.core.internal.rooms.RoomDirectory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v3/directory/room/{roomAlias}: the room an alias names, with the servers that know it; 404 M_NOT_FOUND. No authentication. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/directory/room/{roomAlias}", access = Access.NONE)
public class GetAliasRoute implements Route {
    private final RoomDirectory directory;

    @Activate
    public GetAliasRoute(@Reference RoomDirectory directory) {
        this.directory = directory;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        RoomDirectory.AliasTarget target = directory.resolve(AliasParam.of(request));
        return RouteResponse.ok(Map.of("room_id", target.roomId().value(),
                "servers", target.servers().stream().map(ServerName::value).toList()));
    }
}
