package org.hearth.media.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * PUT /_matrix/media/v3/upload/{serverName}/{mediaId}: the upload of an ID from {@code POST /create}.
 *
 * <ul>
 *   <li>Checked before the body is read: another server's or an unknown ID 404
 *       {@code M_NOT_FOUND}; another user's 403 {@code M_FORBIDDEN}; an uploaded one 409
 *       {@code M_CANNOT_OVERWRITE_MEDIA}; a lapsed one 404.</li>
 *   <li>Downloads waiting for the ID are answered as soon as it is stored.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "PUT", path = "/_matrix/media/v3/upload/{serverName}/{mediaId}", access = Access.USER,
        rateLimit = RateLimiter.MEDIA_UPLOAD, streamBody = true)
public class UploadToIdRoute implements Route {
    private final MediaRepository media;

    @Activate
    public UploadToIdRoute(@Reference MediaRepository media) {
        this.media = media;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        try {
            media.uploads().uploadTo(request.requester().userId(), request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return RouteResponse.ok(Map.of());
    }
}
