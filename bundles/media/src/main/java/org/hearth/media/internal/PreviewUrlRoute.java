package org.hearth.media.internal;

import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.media.internal.preview.UrlPreviews;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v1/media/preview_url?url= (and the deprecated /_matrix/media/v3/preview_url):
 * the Open Graph data of a page.
 *
 * <ul>
 *   <li>Off unless {@code media.url_preview.enabled}: 404 {@code M_UNRECOGNIZED}, as for an
 *       endpoint the server does not offer.</li>
 *   <li>Never reaches a loopback, private, link-local, unique-local, CGNAT, multicast or
 *       IPv4-mapped address, nor one of {@code url_preview.blocked_ranges}: 403
 *       {@code M_FORBIDDEN}; a site that fails or is too slow or too large: 502.</li>
 *   <li>See {@link org.hearth.media.internal.preview.UrlPreviews}.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "GET", path = {"/_matrix/client/v1/media/preview_url", "/_matrix/media/v3/preview_url"},
        access = Access.USER)
public class PreviewUrlRoute implements Route {
    private final MediaRepository media;

    @Activate
    public PreviewUrlRoute(@Reference MediaRepository media) {
        this.media = media;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        UrlPreviews previews = media.previews().orElseThrow(
                () -> MatrixException.unrecognized(404, "URL previews are turned off on this server"));
        String url = request.queryParam("url").orElseThrow(() -> MatrixException.missingParam("url is required"));
        return RouteResponse.ok(previews.preview(url, request.requester().userId()));
    }
}
