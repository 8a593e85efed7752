package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.ServerName;
import org.hearth.core.internal.rooms.RoomDirectory;
import org.hearth.core.internal.server.LocalServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/v3/publicRooms: a page of the public room directory with a search term
 * (filter.generic_search_term), this server's or another's ({@code server}) over federation.
 */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/publicRooms")
public class SearchPublicRoomsRoute implements Route {
    private final RoomDirectory directory;
    private final ServerName server;

    @Activate
    public SearchPublicRoomsRoute(@Reference RoomDirectory directory, @Reference LocalServer server) {
        this.server = server.name();
        this.directory = directory;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        request.requester();
        JsonNode body = Bodies.objectOrEmpty(request);
        Optional<ServerName> other = RemoteDirectoryParam.other(request, server);
        return RouteResponse.ok(other.isPresent() ? directory.remotePublicRooms(other.get(), body)
                : directory.publicRooms(body));
    }
}
