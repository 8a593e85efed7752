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

/** GET /_matrix/client/v1/register/m.login.registration_token/validity?token=…: {@code {"valid": …}}. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v1/register/m.login.registration_token/validity", access = Access.NONE, rateLimit = RateLimiter.REGISTRATION)
public class RegistrationTokenValidityRoute implements Route {
    private final Registrar registrar;

    @Activate
    public RegistrationTokenValidityRoute(@Reference Registrar registrar) {
        this.registrar = registrar;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        if (!registrar.enabled()) {
            throw MatrixException.forbidden("Registration has been disabled");
        }
        String token = request.queryParam("token").orElseThrow(() -> MatrixException.missingParam("token is required"));
        return RouteResponse.ok(Map.of("valid", registrar.validToken(token)));
    }
}
