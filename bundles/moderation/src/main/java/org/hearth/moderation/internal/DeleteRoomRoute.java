package org.hearth.moderation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hearth.api.HomeServer;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.UserId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * DELETE /_synapse/admin/v1/rooms/{roomId}: shuts a room down ({@link RoomShutdown}), as Synapse's
 * admin API does with {@code "purge": false}. Body, all optional: {@code new_room_user_id} (a
 * local user who creates a room of notice the local members are moved to), {@code room_name} and
 * {@code message} (that room's name and first message), {@code block} (no one joins it here
 * again). Hearth keeps the room's history: {@code purge}, true when absent as in Synapse, is
 * refused until deleting a room's events is supported, so nothing reads as deleted that is not.
 */
@Component
@MatrixRoute(method = "DELETE", path = "/_synapse/admin/v1/rooms/{roomId}", access = Access.ADMIN)
public class DeleteRoomRoute implements Route {
    static final String NOTICE_NAME = "Room shut down";
    static final String NOTICE_MESSAGE = "The room you were in was shut down by this server's administrators.";

    private final RoomShutdown shutdown;
    private final HomeServer server;

    @Activate
    public DeleteRoomRoute(@Reference RoomShutdown shutdown, @Reference HomeServer server) {
        this.shutdown = shutdown;
        this.server = server;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        JsonNode body = Bodies.objectOrEmpty(request); // Synapse's admin API takes a bare DELETE
        if (Bodies.bool(body, "purge", true)) {
            throw MatrixException.invalidParam("Deleting a room's history is not supported here: send \"purge\": false "
                    + "to shut the room down and keep its history");
        }
        Optional<UserId> creator = Optional.empty();
        String newRoomUser = Bodies.string(body, "new_room_user_id");
        if (newRoomUser != null) {
            UserId user = UserId.parse(newRoomUser).orElseThrow(() ->
                    MatrixException.invalidParam("'new_room_user_id' is not a user ID: " + newRoomUser));
            if (!user.server().equals(server.name())) {
                throw MatrixException.invalidParam("'new_room_user_id' must be a user of " + server.name().value());
            }
            creator = Optional.of(user);
        }
        String name = Objects.requireNonNullElse(Bodies.string(body, "room_name"), NOTICE_NAME);
        String message = Objects.requireNonNullElse(Bodies.string(body, "message"), NOTICE_MESSAGE);
        RoomShutdown.Outcome done = shutdown.shutDown(new RoomShutdown.Order(request.requester().userId(),
                request.roomId("roomId"), creator, name, message, Bodies.bool(body, "block", false)));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("kicked_users", done.removed().stream().map(UserId::toString).toList());
        answer.put("failed_to_kick_users", done.notRemoved().stream().map(UserId::toString).toList());
        answer.put("local_aliases", done.aliases().stream().map(Object::toString).toList());
        answer.put("new_room_id", done.noticeRoom().map(Object::toString).orElse(null));
        return RouteResponse.ok(answer);
    }
}
