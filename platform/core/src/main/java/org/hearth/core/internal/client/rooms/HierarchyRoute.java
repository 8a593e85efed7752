package org.hearth.core.internal.client.rooms;

import org.hearth.api.MatrixException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.rooms.SpaceHierarchy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v1/rooms/{roomId}/hierarchy: a page of the space tree under the room
 * ({@code suggested_only}, {@code max_depth}, {@code limit}, {@code from}).
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v1/rooms/{roomId}/hierarchy")
public class HierarchyRoute implements Route {
    private final SpaceHierarchy hierarchy;

    @Activate
    public HierarchyRoute(@Reference SpaceHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        var user = request.requester().userId();
        SpaceHierarchy.Walk walk = SpaceHierarchy.Walk.of(request.queryParam("suggested_only").orElse(null),
                request.queryParam("max_depth").orElse(null), request.queryParam("limit").orElse(null),
                request.queryParam("from").orElse(null));
        return RouteResponse.ok(hierarchy.forUser(user, request.roomId("roomId"), walk));
    }
}
