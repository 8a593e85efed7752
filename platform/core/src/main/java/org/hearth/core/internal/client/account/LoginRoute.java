package org.hearth.core.internal.client.account;

import com.fasterxml.jackson.databind.JsonNode;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Credentials;
import org.hearth.api.http.Access;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.account.Logins;
import org.hearth.core.internal.account.PasswordIdentifiers;
import org.hearth.core.internal.account.Sessions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/v3/login
 *
 * <ul>
 *   <li>{@code m.login.password} with an {@code m.id.user} identifier (or the deprecated
 *       {@code user} field), checked by the authenticators in ranking order.</li>
 *   <li>Rate limited per address and per user: 429 {@code M_LIMIT_EXCEEDED}.</li>
 *   <li>{@code refresh_token: true} gets an expiring access token and a refresh token.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/login", access = Access.NONE, rateLimit = RateLimiter.LOGIN)
public class LoginRoute implements Route {
    private final Logins logins;
    private final PasswordIdentifiers identifiers;
    private final Sessions sessions;
    private final RateLimiter limits;

    @Activate
    public LoginRoute(@Reference Logins logins, @Reference PasswordIdentifiers identifiers,
                      @Reference Sessions sessions, @Reference RateLimiter limits) {
        this.logins = logins;
        this.identifiers = identifiers;
        this.sessions = sessions;
        this.limits = limits;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        JsonNode body = Bodies.object(request);
        String type = Bodies.requiredString(body, "type");
        if (!Logins.PASSWORD.equals(type) || !logins.loginTypes().contains(type)) {
            throw new MatrixException(400, "M_UNKNOWN", "Unknown login type " + type);
        }
        UserId userId = identifiers.userOf(body);
        limits.acquire(RateLimiter.LOGIN, "user:" + userId);
        String password = Bodies.requiredString(body, "password");
        UserId account = logins.check(new Credentials(type, userId, password, request.remoteAddress()));
        Sessions.Issued issued = sessions.start(account, Bodies.string(body, "device_id"),
                Bodies.string(body, "initial_device_display_name"), Bodies.bool(body, "refresh_token", false),
                request.remoteAddress());
        return RouteResponse.ok(issued.toJson(account));
    }
}
