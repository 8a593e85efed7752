package org.hearth.core.internal.client.account;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.account.Sessions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/refresh: a new access token (and refresh token) for a refresh token; no access token needed. */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/refresh", access = Access.NONE)
public class RefreshRoute implements Route {
    private final Sessions sessions;
    @Activate
    public RefreshRoute(@Reference Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        String refreshToken = Bodies.requiredString(Bodies.object(request), "refresh_token");
        Sessions.Issued issued = sessions.refresh(refreshToken);
        return RouteResponse.ok(Map.of("access_token", issued.accessToken(), "refresh_token", issued.refreshToken(),
                "expires_in_ms", issued.expiresInMs()));
    }
}
