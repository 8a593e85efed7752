package org.hearth.core.internal.client.push;

import org.hearth.api.MatrixException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.push.Pushers;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v3/pushers: the user's own pushers. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/pushers")
public class GetPushersRoute implements Route {
    private final Pushers pushers;

    @Activate
    public GetPushersRoute(@Reference Pushers pushers) {
        this.pushers = pushers;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return RouteResponse.ok(pushers.list(request.requester().userId()));
    }
}
