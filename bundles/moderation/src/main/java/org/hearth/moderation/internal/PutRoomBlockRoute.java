package org.hearth.moderation.internal;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.RoomId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * PUT /_synapse/admin/v1/rooms/{roomId}/block with {@code {"block": true|false}}: blocks a room
 * (known here or not) or lifts its block. Blocking alone moves no one out: see
 * {@link DeleteRoomRoute}.
 */
@Component
@MatrixRoute(method = "PUT", path = "/_synapse/admin/v1/rooms/{roomId}/block", access = Access.ADMIN)
public class PutRoomBlockRoute implements Route {
    private final BlockedRooms blocked;

    @Activate
    public PutRoomBlockRoute(@Reference BlockedRooms blocked) {
        this.blocked = blocked;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        RoomId room = request.roomId("roomId");
        boolean block = Bodies.requiredBool(Bodies.object(request), "block");
        if (block) {
            blocked.block(room, request.requester().userId());
        } else {
            blocked.unblock(room, request.requester().userId());
        }
        return RouteResponse.ok(Map.of("block", block));
    }
}
