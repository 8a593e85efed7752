package org.hearth.core.internal.client.account;

import java.util.Map;
import org.hearth.api.auth.Requester;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v3/account/whoami: the requester's user ID and device. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/account/whoami", access = Access.GUEST)
public class WhoamiRoute implements Route {
    @Activate
    public WhoamiRoute() {
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        return RouteResponse.ok(Map.of("user_id", me.userId().toString(), "device_id", me.deviceId(), "is_guest", me.guest()));
    }
}
