package org.hearth.media.internal;

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
 * POST /_matrix/media/v1/create: a media ID for a later upload ({@code PUT /upload/…}).
 *
 * <ul>
 *   <li>It lapses after {@code media.unused_expiry_ms} (24 h) unless uploaded:
 *       {@code unused_expires_at}.</li>
 *   <li>A user with {@code media.max_pending_uploads} IDs waiting gets 429 {@code M_LIMIT_EXCEEDED}
 *       (besides the {@code media_upload} rate limit).</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/media/v1/create", access = Access.USER,
        rateLimit = RateLimiter.MEDIA_UPLOAD)
public class CreateMediaRoute implements Route {
    private final MediaRepository media;

    @Activate
    public CreateMediaRoute(@Reference MediaRepository media) {
        this.media = media;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return RouteResponse.ok(media.uploads().reserve(request.requester().userId()));
    }
}
