package org.hearth.core.internal.client.rooms;

import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.core.internal.rooms.GuestAccess;
import org.hearth.core.internal.rooms.Memberships;
import org.hearth.core.internal.rooms.ThirdPartyInvites;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/rooms/{roomId}/join: joins a room by ID. */
@Component(service = Route.class)
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/rooms/{roomId}/join", access = Access.GUEST, rateLimit = RateLimiter.JOIN)
public class RoomJoinRoute extends JoinRoute {

    @Activate
    public RoomJoinRoute(@Reference Memberships memberships, @Reference GuestAccess guests,
                         @Reference ThirdPartyInvites thirdParty) {
        super(memberships, guests, thirdParty, "roomId");
    }
}
