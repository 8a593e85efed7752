package org.hearth.core.internal.client.rooms;

import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.core.internal.rooms.Memberships;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/rooms/{roomId}/kick: kicks a user (their membership becomes leave). */
@Component(service = Route.class)
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/rooms/{roomId}/kick", rateLimit = RateLimiter.STATE)
public class KickRoute extends TargetMembershipRoute {

    @Activate
    public KickRoute(@Reference Memberships memberships) {
        super(memberships, Memberships.Action.KICK);
    }
}
