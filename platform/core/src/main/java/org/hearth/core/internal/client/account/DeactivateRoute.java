package org.hearth.core.internal.client.account;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.auth.UserAdmin;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.rooms.ErasedSenders;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/v3/account/deactivate: after User-Interactive Auth, the account can no
 * longer log in, every device, token and pusher is gone, the user leaves every room, and the user
 * ID is never given out again. With {@code erase} (a boolean, default false), the user's events
 * are from then on served redacted to those who could not see them before, and their account
 * data, profile, push rules and key backups are deleted ({@link ErasedSenders}).
 */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/account/deactivate")
public class DeactivateRoute implements Route {
    private final UiaGate uia;
    private final UserAdmin admin;
    private final ErasedSenders erasure;

    @Activate
    public DeactivateRoute(@Reference UiaGate uia, @Reference UserAdmin admin, @Reference ErasedSenders erasure) {
        this.uia = uia;
        this.admin = admin;
        this.erasure = erasure;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        JsonNode body = Bodies.objectOrEmpty(request);
        boolean erase = Bodies.bool(body, "erase", false);
        Optional<RouteResponse> challenge = uia.confirmPassword(request, body, me.userId());
        if (challenge.isPresent()) {
            return challenge.get();
        }
        if (erase) {
            erasure.erase(me.userId());
        }
        admin.deactivate(me.userId(), "by its owner");
        return RouteResponse.ok(Map.of("id_server_unbind_result", "no-support"));
    }
}
