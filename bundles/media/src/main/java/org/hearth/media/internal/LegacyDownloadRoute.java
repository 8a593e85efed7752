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
 * GET /_matrix/media/v3/download/{serverName}/{mediaId}[/{fileName}]: deprecated (v1.11), without
 * authentication, and frozen: only media uploaded before {@code media.freeze_unauthenticated_at}
 * (by default none), 404 {@code M_NOT_FOUND} for the rest. Answers like {@link DownloadRoute}.
 */
@Component
@MatrixRoute(method = "GET", path = {"/_matrix/media/v3/download/{serverName}/{mediaId}",
        "/_matrix/media/v3/download/{serverName}/{mediaId}/{fileName}"}, access = Access.NONE)
public class LegacyDownloadRoute implements Route {
    private final MediaRepository media;

    @Activate
    public LegacyDownloadRoute(@Reference MediaRepository media) {
        this.media = media;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return media.downloads().download(request, false);
    }
}
