package org.hearth.core.internal.client.keys;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.e2ee.KeyBackups;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** DELETE /_matrix/client/v3/room_keys/version/{version}: a backup version and its keys. */
@Component
@MatrixRoute(method = "DELETE", path = "/_matrix/client/v3/room_keys/version/{version}")
public class DeleteBackupVersionRoute implements Route {
    private final KeyBackups backups;

    @Activate
    public DeleteBackupVersionRoute(@Reference KeyBackups backups) {
        this.backups = backups;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        backups.delete(request.requester().userId(), request.pathParam("version"));
        return RouteResponse.ok(Map.of());
    }
}
