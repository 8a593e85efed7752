package org.hearth.core.internal.client.keys;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Access;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.e2ee.KeyUploads;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/v3/keys/upload: the requesting device's identity, one-time and fallback
 * keys (see {@link KeyUploads}); answers {@code one_time_key_counts}.
 *
 * <p>Open to guests ("Guest Access").
 */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/keys/upload", access = Access.GUEST, rateLimit = RateLimiter.KEYS)
public class KeysUploadRoute implements Route {
    private final KeyUploads uploads;

    @Activate
    public KeysUploadRoute(@Reference KeyUploads uploads) {
        this.uploads = uploads;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        Devices.require(me);
        return RouteResponse.ok(Map.of("one_time_key_counts", uploads.upload(me.userId(), me.deviceId(), Bodies.object(request))));
    }
}
