package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.id.ServerName;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.rooms.RoomDirectory;
import org.hearth.core.internal.server.LocalServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * GET /_matrix/client/v3/publicRooms: a page of this server's public room directory (limit, since),
 * or of another server's ({@code server}) asked over federation.
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
    private final ServerName server;

    @Activate
    public PublicRoomsRoute(@Reference RoomDirectory directory, @Reference LocalServer server,
                            RoomDirectoryConfig config) {
        this.server = server.name();
        this.directory = directory;
        this.publicWithoutAuth = config.public__without__auth();
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        if (!publicWithoutAuth && request.optionalRequester().isEmpty()) {
            throw new MatrixException(401, "M_MISSING_TOKEN", "Missing access token");
        }
        ObjectNode asked = JsonNodeFactory.instance.objectNode();
        if (request.queryParam("limit").isPresent()) {
            try {
                asked.put("limit", Integer.parseInt(request.queryParam("limit").get()));
            } catch (NumberFormatException e) {
                throw MatrixException.invalidParam("limit must be a number");
            }
        }
        request.queryParam("since").ifPresent(since -> asked.put("since", since));
        Optional<ServerName> other = RemoteDirectoryParam.other(request, server);
        return RouteResponse.ok(other.isPresent() ? directory.remotePublicRooms(other.get(), asked)
                : directory.publicRooms(asked));
    }
}
