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
 * GET /_matrix/client/v3/room_keys/keys[/{roomId}[/{sessionId}]]?version=…
 *
 * <p>The backed-up keys: all, one room's ({@code {"sessions": {}}} when none) or one
 * session's (404 when none) (see {@link KeyBackups}).
 */
@Component
@MatrixRoute(method = "GET", path = {BackupKeysPath.ALL, BackupKeysPath.ROOM, BackupKeysPath.SESSION})
public class GetBackupKeysRoute implements Route {
    private final KeyBackups backups;

    @Activate
    public GetBackupKeysRoute(@Reference KeyBackups backups) {
        this.backups = backups;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        BackupKeysPath path = BackupKeysPath.of(request);
        return RouteResponse.ok(backups.getKeys(request.requester().userId(), path.version(), path.room(), path.session()));
    }
}
