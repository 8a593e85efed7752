package org.hearth.core.internal.client.account;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.account.OpenIdTokens;
import org.hearth.core.internal.server.LocalServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/user/{userId}/openid/request_token: an OpenID token for one's own user ID (403 for another's). */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/user/{userId}/openid/request_token")
public class OpenIdTokenRoute implements Route {
    private final OpenIdTokens tokens;
    private final LocalServer server;

    @Activate
    public OpenIdTokenRoute(@Reference OpenIdTokens tokens, @Reference LocalServer server) {
        this.tokens = tokens;
        this.server = server;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        UserId user = request.userId("userId");
        if (!request.requester().userId().equals(user)) {
            throw MatrixException.forbidden("Cannot request an OpenID token for another user");
        }
        Bodies.objectOrEmpty(request);
        return RouteResponse.ok(Map.of("access_token", tokens.issue(user), "token_type", "Bearer",
                "matrix_server_name", server.name().toString(), "expires_in", OpenIdTokens.LIFETIME_MS / 1000));
    }
}
