package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/** GET /_matrix/client/v3/rooms/{roomId}/joined_members: the joined members with their display names and avatars. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/rooms/{roomId}/joined_members")
public class JoinedMembersRoute implements Route {
    private final RoomReads reads;

    @Activate
    public JoinedMembersRoute(@Reference RoomReads reads) {
        this.reads = reads;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode joined = out.putObject("joined");
        reads.joinedMembers(me.userId(), request.roomId("roomId")).forEach((user, profile) -> {
            ObjectNode member = joined.putObject(user.toString());
            member.put("display_name", profile.displayName());
            member.put("avatar_url", profile.avatarUrl());
        });
        return RouteResponse.ok(out);
    }
}
