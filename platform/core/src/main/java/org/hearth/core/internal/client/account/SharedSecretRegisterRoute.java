package org.hearth.core.internal.client.account;

import com.fasterxml.jackson.databind.JsonNode;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.account.Registrar;
import org.hearth.core.internal.account.Sessions;
import org.hearth.core.internal.account.SharedSecretRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_synapse/admin/v1/register: creates an account (optionally an admin) for whoever holds
 * the shared secret, also when open registration is disabled. Body as Synapse's:
 * {@code nonce, username, password, admin, displayname, mac}.
 */
@Component
@MatrixRoute(method = "POST", path = "/_synapse/admin/v1/register", access = Access.NONE,
        rateLimit = RateLimiter.REGISTRATION)
public class SharedSecretRegisterRoute implements Route {
    private final SharedSecretRegistration sharedSecret;
    private final Registrar registrar;
    private final Sessions sessions;

    @Activate
    public SharedSecretRegisterRoute(@Reference SharedSecretRegistration sharedSecret,
                                     @Reference Registrar registrar, @Reference Sessions sessions) {
        this.sharedSecret = sharedSecret;
        this.registrar = registrar;
        this.sessions = sessions;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        JsonNode body = Bodies.object(request);
        String username = Bodies.requiredString(body, "username");
        String password = Bodies.requiredString(body, "password");
        boolean admin = Bodies.bool(body, "admin", false);
        sharedSecret.check(Bodies.string(body, "nonce"), username, password, admin, Bodies.string(body, "mac"));
        UserId userId = registrar.create(username, password, Bodies.string(body, "displayname"), admin,
                "shared secret");
        return RouteResponse.ok(sessions.start(userId, null, null, false, request.remoteAddress()).toJson(userId));
    }
}
