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
 * POST /_matrix/media/v3/upload: stores the body (the {@code Content-Type} header says what it
 * is, {@code ?filename=} its name) under a new media ID.
 *
 * <ul>
 *   <li>The body is streamed to disk, up to {@code media.max_upload_bytes}; beyond, 413
 *       {@code M_TOO_LARGE} and nothing is kept.</li>
 *   <li>{@code r0} is served too: clients of before v1.1 (matrix-nio 0.20) still send it.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "POST", path = {"/_matrix/media/v3/upload", "/_matrix/media/r0/upload"}, access = Access.USER,
        rateLimit = RateLimiter.MEDIA_UPLOAD, streamBody = true)
public class UploadRoute implements Route {
    private final MediaRepository media;

    @Activate
    public UploadRoute(@Reference MediaRepository media) {
        this.media = media;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        try {
            return RouteResponse.ok(Map.of("content_uri", media.uploads().upload(request.requester().userId(), request)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
