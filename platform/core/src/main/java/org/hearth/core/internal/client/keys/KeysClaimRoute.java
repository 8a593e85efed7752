package org.hearth.core.internal.client.keys;

import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.e2ee.KeyClaims;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/keys/claim: one-time (else fallback) keys of devices (see {@link KeyClaims}). *
 * <p>Open to guests ("Guest Access").
 */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/keys/claim", access = Access.GUEST, rateLimit = RateLimiter.KEYS)
public class KeysClaimRoute implements Route {
    private final KeyClaims claims;

    @Activate
    public KeysClaimRoute(@Reference KeyClaims claims) {
        this.claims = claims;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return RouteResponse.ok(claims.claim(Bodies.object(request)));
    }
}
