package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import org.hearth.api.MatrixException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.client.Bodies;
import org.hearth.core.internal.rooms.RoomDirectory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/publicRooms: a page of the public room directory with a search term (filter.generic_search_term). */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/publicRooms")
public class SearchPublicRoomsRoute implements Route {
    private final RoomDirectory directory;

    @Activate
    public SearchPublicRoomsRoute(@Reference RoomDirectory directory) {
        this.directory = directory;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        request.requester();
        JsonNode body = Bodies.objectOrEmpty(request);
        if (request.queryParam("server").isPresent()) {
            throw MatrixException.forbidden("Other servers' directories need federation");
        }
        JsonNode term = body.path("filter").path("generic_search_term");
        return RouteResponse.ok(PublicRoomsJson.of(directory.publicRooms(body.path("limit").asInt(0),
                Bodies.string(body, "since"), term.isTextual() ? term.asText() : null)));
    }
}
