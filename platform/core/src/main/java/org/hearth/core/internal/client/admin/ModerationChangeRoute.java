package org.hearth.core.internal.client.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.UserAccount;
import org.hearth.api.auth.UserAdmin;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.client.Bodies;
import org.hearth.core.internal.server.LocalServer;

/**
 * PUT /_matrix/client/v1/admin/{lock,suspend}/{userId}: puts the measure on a local account or
 * lifts it (admins only, never on their own account). Its sessions stay either way.
 */
abstract class ModerationChangeRoute implements Route {
    private final AccountModeration measure;
    private final UserAdmin admin;
    private final LocalServer server;

    ModerationChangeRoute(AccountModeration measure, UserAdmin admin, LocalServer server) {
        this.measure = measure;
        this.admin = admin;
        this.server = server;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
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
