package org.hearth.core.internal.client.presence;

import java.util.List;
import org.hearth.api.MatrixException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.AccountStore;
import org.hearth.core.internal.presence.Presence;
import org.hearth.core.internal.rooms.UserMemberships;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/presence/{userId}/status: a user's presence, for themselves and for
 * users who share a joined room with them ("Presence": presence is published to them); 403
 * {@code M_FORBIDDEN} for others, 404 for a user unknown here.
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/presence/{userId}/status")
public class GetPresenceRoute implements Route {
    private final Presence presence;
    private final AccountStore accounts;
    private final UserMemberships memberships;

    @Activate
    public GetPresenceRoute(@Reference Presence presence, @Reference AccountStore accounts,
                            @Reference UserMemberships memberships) {
        this.presence = presence;
        this.accounts = accounts;
        this.memberships = memberships;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        UserId me = request.requester().userId();
        UserId user = request.userId("userId");
        if (accounts.find(user).isEmpty()) {
            throw MatrixException.notFound("Unknown user " + user);
        }
        if (!me.equals(user) && memberships.sharingJoinedRoom(me, List.of(user)).isEmpty()) {
            throw MatrixException.forbidden("You do not share a room with " + user);
        }
        return RouteResponse.ok(presence.content(user));
    }
}
