package org.hearth.core.internal.client.admin;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.UserAdmin;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.server.LocalServer;

/** GET /_matrix/client/v1/admin/{lock,suspend}/{userId}: whether the measure is on a local account (admins only). */
abstract class ModerationStatusRoute implements Route {
    private final AccountModeration measure;
    private final UserAdmin admin;
    private final LocalServer server;

    ModerationStatusRoute(AccountModeration measure, UserAdmin admin, LocalServer server) {
        this.measure = measure;
        this.admin = admin;
        this.server = server;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return RouteResponse.ok(Map.of(measure.field, measure.of(AdminTarget.of(request, admin, server))));
    }
}
