package org.hearth.core.internal.client.admin;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.UserAdmin;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.server.LocalServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v1/admin/{lock,suspend}/{userId}: whether the measure is on a local account (admins only). */
@Component
@MatrixRoute(method = "GET", path = {AccountModeration.LOCK_PATH, AccountModeration.SUSPEND_PATH},
        access = Access.ADMIN)
public class GetAccountModerationRoute implements Route {
    private final UserAdmin admin;
    private final LocalServer server;

    @Activate
    public GetAccountModerationRoute(@Reference UserAdmin admin, @Reference LocalServer server) {
        this.admin = admin;
        this.server = server;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        AccountModeration measure = AccountModeration.of(request);
        return RouteResponse.ok(Map.of(measure.field, measure.of(AdminTarget.of(request, admin, server))));
    }
}
