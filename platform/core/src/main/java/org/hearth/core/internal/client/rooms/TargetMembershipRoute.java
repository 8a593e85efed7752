package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.rooms.Memberships;
import org.hearth.core.internal.rooms.Suspension;

/**
 * The endpoints that set another user's membership from {@code {"user_id", "reason"}}: invite,
 * kick, ban, unban. Whether the requester may is for {@link Memberships#act} and the authorization
 * rules to say.
 */
abstract class TargetMembershipRoute implements Route {
    private final Memberships memberships;
    private final Memberships.Action action;

    TargetMembershipRoute(Memberships memberships, Memberships.Action action) {
        this.memberships = memberships;
        this.action = action;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        Suspension.refuse(me, "invite, kick, ban or unban users");
        JsonNode body = Bodies.object(request);
        String target = Bodies.requiredString(body, "user_id");
        UserId user = UserId.parse(target).orElseThrow(() -> MatrixException.invalidParam("Invalid user ID " + target));
        memberships.act(me.userId(), memberships.resolve(request.roomId("roomId").value()), user, action,
                Bodies.string(body, "reason"), false);
        return RouteResponse.ok(Map.of());
    }
}
