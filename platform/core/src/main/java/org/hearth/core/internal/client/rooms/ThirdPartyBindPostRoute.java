package org.hearth.core.internal.client.rooms;

import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.core.internal.rooms.ThirdPartyInvites;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/federation/v1/3pid/onbind: {@link ThirdPartyBindRoute} as identity servers (Sydent) send it. */
@Component(service = Route.class)
@MatrixRoute(method = "POST", path = "/_matrix/federation/v1/3pid/onbind", access = Access.NONE,
        rateLimit = RateLimiter.INVITE)
public class ThirdPartyBindPostRoute extends ThirdPartyBindRoute {

    @Activate
    public ThirdPartyBindPostRoute(@Reference ThirdPartyInvites thirdParty) {
        super(thirdParty);
    }
}
