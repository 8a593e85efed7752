package org.hearth.media.internal;

import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/media/v3/thumbnail/{serverName}/{mediaId}: deprecated (v1.11), without
 * authentication, frozen like {@link LegacyDownloadRoute}. Answers like {@link ThumbnailRoute}.
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/media/v3/thumbnail/{serverName}/{mediaId}", access = Access.NONE)
public class LegacyThumbnailRoute implements Route {
    private final MediaRepository media;

    @Activate
    public LegacyThumbnailRoute(@Reference MediaRepository media) {
        this.media = media;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return media.downloads().thumbnail(request, false);
    }
}
