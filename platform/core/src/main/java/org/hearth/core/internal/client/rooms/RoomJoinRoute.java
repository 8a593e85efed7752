package org.hearth.core.internal.client.rooms;

import org.hearth.api.auth.RequestAuth;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.core.internal.rooms.Memberships;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/rooms/{roomId}/join: joins a room by ID. */
@Component(service = Route.class)
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/rooms/{roomId}/join")
public class RoomJoinRoute extends JoinRoute {

    @Activate
    public RoomJoinRoute(@Reference RequestAuth auth, @Reference Memberships memberships) {
        super(auth, memberships, "roomId");
    }
}
