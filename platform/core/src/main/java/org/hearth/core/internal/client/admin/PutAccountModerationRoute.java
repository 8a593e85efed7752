package org.hearth.core.internal.client.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.UserAccount;
import org.hearth.api.auth.UserAdmin;
import org.hearth.api.http.Access;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.server.LocalServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * PUT /_matrix/client/v1/admin/{lock,suspend}/{userId}: puts the measure on a local account or
 * lifts it (admins only, never on their own account). Its sessions stay either way.
 */
@Component
@MatrixRoute(method = "PUT", path = {AccountModeration.LOCK_PATH, AccountModeration.SUSPEND_PATH},
        access = Access.ADMIN)
public class PutAccountModerationRoute implements Route {
    private final UserAdmin admin;
    private final LocalServer server;

    @Activate
    public PutAccountModerationRoute(@Reference UserAdmin admin, @Reference LocalServer server) {
        this.admin = admin;
        this.server = server;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        AccountModeration measure = AccountModeration.of(request);
        JsonNode body = Bodies.object(request);
        if (!body.path(measure.field).isBoolean()) {
            throw MatrixException.badJson(measure.field + " must be true or false");
        }
        boolean on = body.get(measure.field).asBoolean();
        UserAccount target = AdminTarget.of(request, admin, server);
        if (target.userId().equals(request.requester().userId())) {
            throw MatrixException.forbidden("An administrator cannot " + measure.verb + " their own account");
        }
        if (measure.of(target) != on) {
            measure.set(admin, target.userId(), on, "PUT /admin/" + measure.verb + " by " + request.requester().userId());
        }
        return RouteResponse.ok(Map.of(measure.field, on));
    }
}
