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
import org.hearth.api.id.RoomAlias;
import org.hearth.api.id.RoomId;
import org.hearth.core.internal.rooms.RoomDirectory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** PUT /_matrix/client/v3/directory/room/{roomAlias}: maps an alias of this server to a room the user is in; 409 when taken. */
@Component
@MatrixRoute(method = "PUT", path = "/_matrix/client/v3/directory/room/{roomAlias}", rateLimit = RateLimiter.STATE)
public class PutAliasRoute implements Route {
    private final RoomDirectory directory;

    @Activate
    public PutAliasRoute(@Reference RoomDirectory directory) {
        this.directory = directory;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        RoomAlias alias = AliasParam.of(request);
        String roomId = Bodies.requiredString(Bodies.object(request), "room_id");
        directory.putAlias(me.userId(), alias, RoomId.parse(roomId)
                .orElseThrow(() -> MatrixException.invalidParam("Invalid room ID " + roomId)));
        return RouteResponse.ok(Map.of());
    }
}
