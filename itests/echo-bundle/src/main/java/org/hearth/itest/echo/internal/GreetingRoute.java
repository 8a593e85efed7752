package org.hearth.itest.echo.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** GET /_hearth/test/greeting: the text of this jar's greeting.txt and the bundle version. */
@Component
@MatrixRoute(method = "GET", path = "/_hearth/test/greeting", access = Access.NONE)
public class GreetingRoute implements Route {
    private final Map<String, String> body;

    @Activate
    public GreetingRoute(BundleContext context) throws IOException {
        try (InputStream in = GreetingRoute.class.getResourceAsStream("/greeting.txt")) {
            String greeting = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            body = Map.of("greeting", greeting, "version", context.getBundle().getVersion().toString());
        }
    }

    @Override
    public RouteResponse handle(RouteRequest request) {
        return RouteResponse.ok(body);
    }
}
