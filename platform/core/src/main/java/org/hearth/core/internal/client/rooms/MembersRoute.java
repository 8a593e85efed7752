package org.hearth.core.internal.client.rooms;

import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.rooms.RoomReads;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v3/rooms/{roomId}/members: the member events of the room (filters membership and not_membership; at = a sync token). */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/rooms/{roomId}/members")
public class MembersRoute implements Route {
    private final RoomReads reads;

    @Activate
    public MembersRoute(@Reference RoomReads reads) {
        this.reads = reads;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        return RouteResponse.ok(reads.members(me.userId(), request.roomId("roomId").value(),
                request.queryParam("membership").orElse(null), request.queryParam("not_membership").orElse(null),
                request.queryParam("at").orElse(null)));
    }
}
