package org.hearth.http.internal;

import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Component;

/** GET /health: 200 "OK" while the server answers; for load balancers and orchestrators. */
@Component
@MatrixRoute(method = "GET", path = "/health", access = Access.NONE)
public class HealthRoute implements Route {

    @Override
    public RouteResponse handle(RouteRequest request) {
        return RouteResponse.text(200, "OK");
    }
}
