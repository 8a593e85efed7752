package org.hearth.core.internal.client.rooms;

import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.rooms.RoomDirectory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * GET /_matrix/client/v3/publicRooms: a page of this server's public room directory (limit, since).
 *
 * <ul>
 *   <li>The spec lets anyone read it without an access token; a government server should not list
 *       its rooms to whoever asks, so that takes {@code room_directory.public_without_auth: true}
 *       (default false, as Synapse's {@code allow_public_rooms_without_auth}). Otherwise: 401
 *       {@code M_MISSING_TOKEN}.</li>
 * </ul>
 */
@Component(configurationPid = "hearth.room_directory", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RoomDirectoryConfig.class)
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/publicRooms", access = Access.OPTIONAL)
public class PublicRoomsRoute implements Route {
    private final RoomDirectory directory;
    private final boolean publicWithoutAuth;

    @Activate
    public PublicRoomsRoute(@Reference RoomDirectory directory, RoomDirectoryConfig config) {
        this.directory = directory;
        this.publicWithoutAuth = config.public__without__auth();
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        if (!publicWithoutAuth && request.optionalRequester().isEmpty()) {
            throw new MatrixException(401, "M_MISSING_TOKEN", "Missing access token");
        }
        int limit;
        try {
            limit = Integer.parseInt(request.queryParam("limit").orElse("0"));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("limit must be a number");
        }
        if (request.queryParam("server").isPresent()) {
            throw MatrixException.forbidden("Other servers' directories need federation");
        }
        return RouteResponse.ok(PublicRoomsJson.of(directory.publicRooms(limit, request.queryParam("since").orElse(null), null)));
    }
}
