package org.hearth.core.internal.client.rooms;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.rooms.Forgetting;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/rooms/{roomId}/forget: hides a room the user has left from their syncs; 400 M_UNKNOWN while still joined. */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/rooms/{roomId}/forget")
public class ForgetRoute implements Route {
    private final Forgetting forgetting;

    @Activate
    public ForgetRoute(@Reference Forgetting forgetting) {
        this.forgetting = forgetting;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        forgetting.forget(request.requester().userId(), request.roomId("roomId").value());
        return RouteResponse.ok(Map.of());
    }
}
