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
 * GET /.well-known/matrix/client (Client-Server API, "Server Discovery"): tells clients the
 * base URL of this homeserver, {@code public_baseurl}.
 */
@Component
@MatrixRoute(method = "GET", path = "/.well-known/matrix/client", access = Access.NONE)
public class WellKnownClientRoute implements Route {
    private final Map<String, Object> body;

    @Activate
    public WellKnownClientRoute(@Reference LocalServer server) {
        String base = server.publicBaseUrl().toString();
        body = Map.of("m.homeserver", Map.of("base_url", base.substring(0, base.length() - 1)));
    }

    @Override
    public RouteResponse handle(RouteRequest request) {
        return RouteResponse.ok(body);
    }
}
