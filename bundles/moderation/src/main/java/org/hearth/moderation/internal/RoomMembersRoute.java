package org.hearth.moderation.internal;

import java.util.List;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.room.Membership;
import org.hearth.api.room.RoomViews;
import org.hearth.api.room.Viewer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_synapse/admin/v1/rooms/{roomId}/members: {@code {"members": [<joined user IDs>], "total": n}},
 * of this server and others. 404 for a room unknown here.
 */
@Component
@MatrixRoute(method = "GET", path = "/_synapse/admin/v1/rooms/{roomId}/members", access = Access.ADMIN)
public class RoomMembersRoute implements Route {
    private final RoomViews views;

    @Activate
    public RoomMembersRoute(@Reference RoomViews views) {
        this.views = views;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        // 404 for a room unknown here, from the view
        List<String> joined = views.members(Viewer.EVERYTHING, request.roomId("roomId")).entrySet().stream()
                .filter(m -> m.getValue() == Membership.JOIN).map(m -> m.getKey().toString()).sorted().toList();
        return RouteResponse.ok(Map.of("members", joined, "total", joined.size()));
    }
}
