package org.hearth.core.internal.client.account;

import java.util.List;
import java.util.Map;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.account.Logins;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v3/login: the login types of the registered authenticators. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/login", access = Access.NONE)
public class LoginFlowsRoute implements Route {
    private final Logins logins;

    @Activate
    public LoginFlowsRoute(@Reference Logins logins) {
        this.logins = logins;
    }

    @Override
    public RouteResponse handle(RouteRequest request) {
        List<Map<String, String>> flows = logins.loginTypes().stream().map(t -> Map.of("type", t)).toList();
        return RouteResponse.ok(Map.of("flows", flows));
    }
}
