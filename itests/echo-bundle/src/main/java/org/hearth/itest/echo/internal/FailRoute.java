package org.hearth.itest.echo.internal;

import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Component;

/** GET /_hearth/test/fail: a bug in a route, for the 500 mapping. */
@Component
@MatrixRoute(method = "GET", path = "/_hearth/test/fail", access = Access.NONE)
public class FailRoute implements Route {

    @Override
    public RouteResponse handle(RouteRequest request) {
        throw new IllegalStateException("secret internal detail");
    }
}
