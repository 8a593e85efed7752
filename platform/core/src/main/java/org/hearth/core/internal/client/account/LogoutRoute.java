package org.hearth.core.internal.client.account;

import java.util.Map;
import org.hearth.core.internal.account.Sessions;
import org.hearth.api.MatrixException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/logout: revokes the access token and deletes its device. */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/logout")
public class LogoutRoute implements Route {
    private final Sessions sessions;
    @Activate
    public LogoutRoute(@Reference Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        sessions.logout(request.requester());
        return RouteResponse.ok(Map.of());
    }
}
