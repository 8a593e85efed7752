package org.hearth.core.internal.client.rooms;

import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.core.internal.rooms.Memberships;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/rooms/{roomId}/unban: lifts a ban (the membership becomes leave). */
@Component(service = Route.class)
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/rooms/{roomId}/unban", rateLimit = RateLimiter.STATE)
public class UnbanRoute extends TargetMembershipRoute {

    @Activate
    public UnbanRoute(@Reference Memberships memberships) {
        super(memberships, Memberships.Action.UNBAN);
    }
}
