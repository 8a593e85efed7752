package org.hearth.core.internal.client.keys;

import org.hearth.api.MatrixException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.e2ee.KeyBackups;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/room_keys/version[/{version}]: the current or the given backup version,
 * 404 {@code M_NOT_FOUND} when there is none.
 */
@Component
@MatrixRoute(method = "GET", path = {"/_matrix/client/v3/room_keys/version", "/_matrix/client/v3/room_keys/version/{version}"})
public class GetBackupVersionRoute implements Route {
    private final KeyBackups backups;

    @Activate
    public GetBackupVersionRoute(@Reference KeyBackups backups) {
        this.backups = backups;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return RouteResponse.ok(backups.info(request.requester().userId(), request.optionalPathParam("version")));
    }
}
