package org.hearth.core.internal.client.rooms;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import java.util.List;
import org.hearth.api.spi.storage.EventStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v3/joined_rooms: the rooms the user is joined to. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/joined_rooms")
public class JoinedRoomsRoute implements Route {
    private final EventStore events;

    @Activate
    public JoinedRoomsRoute(@Reference EventStore events) {
        this.events = events;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        return RouteResponse.ok(Map.of("joined_rooms", events.roomsOf(me.userId(), List.of("join"))));
    }
}
