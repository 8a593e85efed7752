package org.hearth.core.internal.client.rooms;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.rooms.ThirdPartyInvites;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * PUT /_matrix/federation/v1/3pid/onbind (Server-Server API, "Third-party invites"): an identity
 * server says a third-party identifier is now bound to a user of this server, with the signed
 * invites waiting for it. The identity server does not authenticate; what counts is the signature
 * of each invite, which the authorization rules check against the room's
 * {@code m.room.third_party_invite}. Served here as well as on the federation listener, since
 * identity servers reach a homeserver at its public address (SyTest's at the client port).
 */
@Component(service = Route.class)
@MatrixRoute(method = "PUT", path = "/_matrix/federation/v1/3pid/onbind", access = Access.NONE,
        rateLimit = RateLimiter.INVITE)
public class ThirdPartyBindRoute implements Route {
    private final ThirdPartyInvites thirdParty;

    @Activate
    public ThirdPartyBindRoute(@Reference ThirdPartyInvites thirdParty) {
        this.thirdParty = thirdParty;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        thirdParty.bound(Bodies.object(request));
        return RouteResponse.ok(Map.of());
    }
}
