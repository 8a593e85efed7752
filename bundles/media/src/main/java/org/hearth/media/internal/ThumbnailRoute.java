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
 * GET /_matrix/client/v1/media/thumbnail/{serverName}/{mediaId}?width=&amp;height=&amp;method=&amp;animated=:
 * a thumbnail (v1.11, authenticated; guests too, v1.12).
 *
 * <ul>
 *   <li>{@code width} and {@code height} are required, 1 to 10000; {@code method} is
 *       {@code scale} (default) or {@code crop}; else 400.</li>
 *   <li>PNG, JPEG, GIF and WebP images; see {@link org.hearth.media.internal.thumbnail.Thumbnails}.</li>
 *   <li>Always {@code Content-Disposition: inline}, with the security headers of downloads.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v1/media/thumbnail/{serverName}/{mediaId}", access = Access.GUEST)
public class ThumbnailRoute implements Route {
    private final MediaRepository media;

    @Activate
    public ThumbnailRoute(@Reference MediaRepository media) {
        this.media = media;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return media.downloads().thumbnail(request, true);
    }
}
