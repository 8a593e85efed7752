package org.hearth.core.internal.client.rooms;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.RequestAuth;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.client.Bodies;
import org.hearth.core.internal.rooms.RoomCreator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/createRoom: creates a room (presets, initial_state, invite, name, topic, room_alias_name, power_level_content_override, creation_content, room_version, is_direct). */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/createRoom")
public class CreateRoomRoute implements Route {
    private final RequestAuth auth;
    private final RoomCreator creator;

    @Activate
    public CreateRoomRoute(@Reference RequestAuth auth, @Reference RoomCreator creator) {
        this.auth = auth;
        this.creator = creator;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = auth.require(request);
        String roomId = creator.create(me.userId(), Bodies.objectOrEmpty(request));
        return RouteResponse.ok(Map.of("room_id", roomId));
    }
}
