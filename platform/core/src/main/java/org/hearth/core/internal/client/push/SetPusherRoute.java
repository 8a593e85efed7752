package org.hearth.core.internal.client.push;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.push.Pushers;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/v3/pushers/set
 *
 * <ul>
 *   <li>Creates, updates or ({@code kind: null}) deletes one of the user's pushers; the rules are {@link Pushers}'.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/pushers/set", rateLimit = RateLimiter.MESSAGE)
public class SetPusherRoute implements Route {
    private final Pushers pushers;

    @Activate
    public SetPusherRoute(@Reference Pushers pushers) {
        this.pushers = pushers;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        pushers.set(request.requester().userId(), request.requester().deviceId(), Bodies.object(request));
        return RouteResponse.ok(Map.of());
    }
}
