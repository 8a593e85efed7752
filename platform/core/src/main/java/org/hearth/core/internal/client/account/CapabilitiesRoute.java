package org.hearth.core.internal.client.account;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.RequestAuth;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/capabilities: what this server lets the requester do. Room versions
 * are announced once rooms exist.
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/capabilities")
public class CapabilitiesRoute implements Route {
    private static final Map<String, Object> CAPABILITIES = Map.of("capabilities", Map.of(
            "m.change_password", Map.of("enabled", true),
            "m.3pid_changes", Map.of("enabled", false),
            "m.get_login_token", Map.of("enabled", false)));

    private final RequestAuth auth;

    @Activate
    public CapabilitiesRoute(@Reference RequestAuth auth) {
        this.auth = auth;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        auth.require(request);
        return RouteResponse.ok(CAPABILITIES);
    }
}
