package org.hearth.core.internal.client.keys;

import org.hearth.api.MatrixException;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.e2ee.KeyBackups;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/room_keys/version: a new key backup version, the current one from now on. */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/room_keys/version", rateLimit = RateLimiter.KEYS)
public class CreateBackupVersionRoute implements Route {
    private final KeyBackups backups;

    @Activate
    public CreateBackupVersionRoute(@Reference KeyBackups backups) {
        this.backups = backups;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return RouteResponse.ok(backups.create(request.requester().userId(), Bodies.object(request)));
    }
}
