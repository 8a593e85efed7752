package org.hearth.core.internal.client.account;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.account.Registrar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/register/available?username=…: {@code {"available": true}}, or 400
 * {@code M_USER_IN_USE} / {@code M_INVALID_USERNAME}. Rate limited like registration, so it
 * cannot enumerate accounts quickly.
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/register/available", access = Access.NONE, rateLimit = RateLimiter.REGISTRATION)
public class RegisterAvailableRoute implements Route {
    private final Registrar registrar;

    @Activate
    public RegisterAvailableRoute(@Reference Registrar registrar) {
        this.registrar = registrar;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        String username = request.queryParam("username")
                .orElseThrow(() -> MatrixException.missingParam("username is required"));
        registrar.available(username);
        return RouteResponse.ok(Map.of("available", true));
    }
}
