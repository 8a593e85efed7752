package org.hearth.media.internal;

import java.util.Map;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v1/media/config (and the deprecated /_matrix/media/v3/config, which needs
 * authentication as well): {@code m.upload.size}, the largest upload accepted.
 */
@Component
@MatrixRoute(method = "GET", path = {"/_matrix/client/v1/media/config", "/_matrix/media/v3/config"},
        access = Access.USER)
public class MediaConfigRoute implements Route {
    private final MediaRepository media;

    @Activate
    public MediaConfigRoute(@Reference MediaRepository media) {
        this.media = media;
    }

    @Override
    public RouteResponse handle(RouteRequest request) {
        return RouteResponse.ok(Map.of("m.upload.size", media.settings().maxUploadBytes()));
    }
}
