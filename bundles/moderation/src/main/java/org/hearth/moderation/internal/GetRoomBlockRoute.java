package org.hearth.moderation.internal;

import java.util.Map;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.UserId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_synapse/admin/v1/rooms/{roomId}/block: {@code {"block": true, "user_id": <who blocked it>}}
 * or {@code {"block": false}}.
 */
@Component
@MatrixRoute(method = "GET", path = "/_synapse/admin/v1/rooms/{roomId}/block", access = Access.ADMIN)
public class GetRoomBlockRoute implements Route {
    private final BlockedRooms blocked;

    @Activate
    public GetRoomBlockRoute(@Reference BlockedRooms blocked) {
        this.blocked = blocked;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Optional<UserId> by = blocked.blockedBy(request.roomId("roomId"));
        return RouteResponse.ok(by.isEmpty() ? Map.of("block", false)
                : Map.of("block", true, "user_id", by.get().toString()));
    }
}
