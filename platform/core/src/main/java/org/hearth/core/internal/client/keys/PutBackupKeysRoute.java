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

/**
 * PUT /_matrix/client/v3/room_keys/keys[/{roomId}[/{sessionId}]]?version=…
 *
 * <p>Stores keys in the current backup version, each kept or
 * replaced by the spec's rules; answers {@code etag} and {@code count} (see {@link KeyBackups}).
 */
@Component
@MatrixRoute(method = "PUT", path = {BackupKeysPath.ALL, BackupKeysPath.ROOM, BackupKeysPath.SESSION}, rateLimit = RateLimiter.KEYS)
public class PutBackupKeysRoute implements Route {
    private final KeyBackups backups;

    @Activate
    public PutBackupKeysRoute(@Reference KeyBackups backups) {
        this.backups = backups;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        BackupKeysPath path = BackupKeysPath.of(request);
        return RouteResponse.ok(backups.putKeys(request.requester().userId(), path.version(), path.room(), path.session(), Bodies.object(request)));
    }
}
