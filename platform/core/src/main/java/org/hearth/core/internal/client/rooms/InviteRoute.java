package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.rooms.Memberships;
import org.hearth.core.internal.rooms.Suspension;
import org.hearth.core.internal.rooms.ThirdPartyInvites;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/v3/rooms/{roomId}/invite: invites a user by {@code user_id}, or a
 * third-party identifier by {@code id_server}, {@code id_access_token}, {@code medium} and
 * {@code address} ({@link ThirdPartyInvites}).
 */
@Component(service = Route.class)
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/rooms/{roomId}/invite", rateLimit = RateLimiter.INVITE)
public class InviteRoute extends TargetMembershipRoute {

    private final Memberships memberships;
    private final ThirdPartyInvites thirdParty;

    @Activate
    public InviteRoute(@Reference Memberships memberships, @Reference ThirdPartyInvites thirdParty) {
        super(memberships, Memberships.Action.INVITE);
        this.memberships = memberships;
        this.thirdParty = thirdParty;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        JsonNode body = Bodies.object(request);
        if (body.has("user_id") || !body.has("medium")) {
            return super.handle(request);
        }
        Suspension.refuse(request.requester(), "invite users");
        thirdParty.invite(request.requester().userId(), memberships.resolve(request.roomId("roomId").value()),
                ThirdPartyInvites.Invitee.of(body));
        return RouteResponse.ok(Map.of());
    }
}
