package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.RoomId;
import org.hearth.core.internal.rooms.PartialStates;
import org.hearth.core.internal.rooms.RoomReads;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/rooms/{roomId}/joined_members: the joined members with their display
 * names and avatars; in a room joined with partial state, once they are all known
 * ({@link PartialStates#onceComplete}).
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/rooms/{roomId}/joined_members")
public class JoinedMembersRoute implements Route {
    private final RoomReads reads;
    private final PartialStates partialStates;

    @Activate
    public JoinedMembersRoute(@Reference RoomReads reads, @Reference PartialStates partialStates) {
        this.reads = reads;
        this.partialStates = partialStates;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        RoomId roomId = request.roomId("roomId");
        PartialStates.Work<RouteResponse> answer = () -> joined(me, roomId);
        return partialStates.onceComplete(roomId.toString(), me.userId().toString(), answer);
    }

    private RouteResponse joined(Requester me, RoomId roomId) throws MatrixException {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode joined = out.putObject("joined");
        reads.joinedMembers(me.userId(), roomId).forEach((user, profile) -> {
            ObjectNode member = joined.putObject(user.toString());
            member.put("display_name", profile.displayName());
            member.put("avatar_url", profile.avatarUrl());
        });
        return RouteResponse.ok(out);
    }
}
