package org.hearth.itest.echo.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * GET /_hearth/test/routes: every {@link Route} service registered right now, as the front door
 * sees them (method, path templates, access, rate-limit class), for tests that go over them all.
 */
@Component
@MatrixRoute(method = "GET", path = "/_hearth/test/routes", access = Access.NONE)
public class RoutesRoute implements Route {
    private final BundleContext context;

    @Activate
    public RoutesRoute(BundleContext context) {
        this.context = context;
    }

    @Override
    public RouteResponse handle(RouteRequest request) {
        List<Map<String, Object>> routes = new ArrayList<>();
        try {
            for (ServiceReference<Route> ref : context.getServiceReferences(Route.class, null)) {
                Map<String, Object> route = new LinkedHashMap<>();
                route.put("method", String.valueOf(ref.getProperty(MatrixRoute.METHOD)));
                route.put("paths", paths(ref.getProperty(MatrixRoute.PATH)));
                route.put("access", String.valueOf(ref.getProperty(MatrixRoute.ACCESS)));
                route.put("rateLimit", String.valueOf(ref.getProperty(MatrixRoute.RATE_LIMIT)));
                route.put("component", String.valueOf(ref.getProperty("component.name")));
                routes.add(route);
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("no filter was given", e);
        }
        return RouteResponse.ok(Map.of("routes", routes));
    }

    private static List<String> paths(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof String[] array) {
            return Arrays.asList(array);
        }
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> c) {
            c.forEach(p -> out.add(String.valueOf(p)));
        }
        return out;
    }
}
