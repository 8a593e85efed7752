package org.hearth.core.internal.client.rooms;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.rooms.RoomDirectory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** DELETE /_matrix/client/v3/directory/room/{roomAlias}: removes an alias (its creator, an admin, or a member allowed to set the canonical alias). */
@Component
@MatrixRoute(method = "DELETE", path = "/_matrix/client/v3/directory/room/{roomAlias}", rateLimit = RateLimiter.STATE)
public class DeleteAliasRoute implements Route {
    private final RoomDirectory directory;

    @Activate
    public DeleteAliasRoute(@Reference RoomDirectory directory) {
        this.directory = directory;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        directory.deleteAlias(me.userId(), me.admin(), AliasParam.of(request));
        return RouteResponse.ok(Map.of());
    }
}
