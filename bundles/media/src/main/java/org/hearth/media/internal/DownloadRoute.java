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
 * GET /_matrix/client/v1/media/download/{serverName}/{mediaId}[/{fileName}]: the media (v1.11,
 * authenticated; guests too, v1.12).
 *
 * <ul>
 *   <li>{@code Content-Type} as uploaded; {@code Content-Disposition} {@code inline} only for the
 *       spec's safe types, else {@code attachment}, with the upload's name or the path's;
 *       {@code Content-Security-Policy: sandbox…}, {@code Cross-Origin-Resource-Policy: cross-origin}.</li>
 *   <li>See {@link Downloads} for IDs, remote media and waiting for an upload.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "GET", path = {"/_matrix/client/v1/media/download/{serverName}/{mediaId}",
        "/_matrix/client/v1/media/download/{serverName}/{mediaId}/{fileName}"}, access = Access.GUEST)
public class DownloadRoute implements Route {
    private final MediaRepository media;

    @Activate
    public DownloadRoute(@Reference MediaRepository media) {
        this.media = media;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return media.downloads().download(request, true);
    }
}
