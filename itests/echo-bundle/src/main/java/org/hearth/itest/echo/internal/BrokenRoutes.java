package org.hearth.itest.echo.internal;

import java.util.Map;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Component;

/**
 * GET /_hearth/test/broken/{how}: failures a route may cause beyond an exception, for the check
 * that every 5xx is Matrix JSON with an access-log line: {@code error} throws an {@link Error},
 * {@code unwritable} answers a value JSON cannot hold.
 */
@Component
@MatrixRoute(method = "GET", path = "/_hearth/test/broken/{how}", access = Access.NONE)
public class BrokenRoutes implements Route {

    /** Jackson fails on it: its getter throws. */
    public static final class Unwritable {
        public String getValue() {
            throw new IllegalStateException("cannot be written");
        }
    }

    @Override
    public RouteResponse handle(RouteRequest request) {
        return switch (request.pathParam("how")) {
            case "error" -> throw new AssertionError("an Error, not an Exception");
            case "unwritable" -> RouteResponse.ok(Map.of("value", new Unwritable()));
            default -> RouteResponse.ok(Map.of());
        };
    }
}
