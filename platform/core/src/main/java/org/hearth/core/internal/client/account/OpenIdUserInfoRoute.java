package org.hearth.core.internal.client.account;

import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.account.OpenIdTokens;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/federation/v1/openid/userinfo on the client listener too: integration managers and
 * widgets ask the homeserver's client URL (as Synapse's "openid" resource serves it), and a
 * server without the federation bundle must still answer for its OpenID tokens. Authenticated by
 * the OpenID token alone; the federation bundle serves the same answer on its own listener.
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/federation/v1/openid/userinfo", access = Access.NONE,
        rateLimit = RateLimiter.LOGIN)
public class OpenIdUserInfoRoute implements Route {
    private final OpenIdTokens tokens;

    @Activate
    public OpenIdUserInfoRoute(@Reference OpenIdTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return RouteResponse.ok(tokens.userInfo(request.queryParam("access_token").orElse(null)));
    }
}
