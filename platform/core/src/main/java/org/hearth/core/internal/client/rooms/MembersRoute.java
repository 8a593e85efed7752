package org.hearth.core.internal.client.rooms;

import java.util.Map;
import java.util.OptionalLong;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.RoomId;
import org.hearth.api.room.Membership;
import org.hearth.core.internal.paging.StreamToken;
import org.hearth.core.internal.rooms.ClientEvents;
import org.hearth.core.internal.rooms.PartialStates;
import org.hearth.core.internal.rooms.RoomReads;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/rooms/{roomId}/members: the member events of the room (filters membership
 * and not_membership; at = a sync token). A room joined with partial state is answered once its
 * members are all known ({@link PartialStates#onceComplete}), for the client asks for all of them.
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/rooms/{roomId}/members", access = Access.GUEST)
public class MembersRoute implements Route {
    private final RoomReads reads;
    private final PartialStates partialStates;

    @Activate
    public MembersRoute(@Reference RoomReads reads, @Reference PartialStates partialStates) {
        this.reads = reads;
        this.partialStates = partialStates;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        OptionalLong at = request.queryParam("at").isPresent()
                ? OptionalLong.of(StreamToken.parse(request.queryParam("at").get())) : OptionalLong.empty();
        RoomId roomId = request.roomId("roomId");
        Membership membership = membership(request, "membership");
        Membership notMembership = membership(request, "not_membership");
        PartialStates.Work<RouteResponse> answer = () -> RouteResponse.ok(Map.of("chunk",
                ClientEvents.array(reads.members(me.userId(), roomId, membership, notMembership, at), true)));
        return partialStates.onceComplete(roomId.toString(), me.userId().toString(), answer);
    }

    private static Membership membership(RouteRequest request, String param) throws MatrixException {
        String value = request.queryParam(param).orElse(null);
        return value == null ? null : Membership.parse(value)
                .orElseThrow(() -> MatrixException.invalidParam(param + " must be join, invite, knock, leave or ban"));
    }
}
