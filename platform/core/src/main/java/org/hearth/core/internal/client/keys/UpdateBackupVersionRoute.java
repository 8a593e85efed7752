package org.hearth.core.internal.client.keys;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.e2ee.KeyBackups;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** PUT /_matrix/client/v3/room_keys/version/{version}: a backup's new {@code auth_data}. */
@Component
@MatrixRoute(method = "PUT", path = "/_matrix/client/v3/room_keys/version/{version}")
public class UpdateBackupVersionRoute implements Route {
    private final KeyBackups backups;

    @Activate
    public UpdateBackupVersionRoute(@Reference KeyBackups backups) {
        this.backups = backups;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        backups.update(request.requester().userId(), request.pathParam("version"), Bodies.object(request));
        return RouteResponse.ok(Map.of());
    }
}
