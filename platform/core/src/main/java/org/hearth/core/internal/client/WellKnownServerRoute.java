package org.hearth.core.internal.client;

import java.util.Map;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.hearth.core.internal.server.LocalServer;

/**
 * GET /.well-known/matrix/server (Server-Server API, "Server discovery"): the host and port
 * other homeservers use to reach this one.
 */
@Component
@MatrixRoute(method = "GET", path = "/.well-known/matrix/server", access = Access.NONE)
public class WellKnownServerRoute implements Route {
    private final Map<String, Object> body;

    @Activate
    public WellKnownServerRoute(@Reference LocalServer server) {
        body = Map.of("m.server", server.federationAddress());
    }

    @Override
    public RouteResponse handle(RouteRequest request) {
        return RouteResponse.ok(body);
    }
}
