package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Access;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.rooms.FederationLink;
import org.hearth.core.internal.rooms.RoomAccess;
import org.hearth.core.internal.rooms.Typing;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * PUT /_matrix/client/v3/rooms/{roomId}/typing/{userId}
 *
 * <ul>
 *   <li>Only for oneself (403 otherwise) and in a joined room.</li>
 *   <li>{@code typing: true} with {@code timeout} (ms, at most two minutes), or {@code typing: false}.</li>
 *   <li>Other members see it in the {@code ephemeral} section of their sync.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "PUT", path = "/_matrix/client/v3/rooms/{roomId}/typing/{userId}", access = Access.GUEST, rateLimit = RateLimiter.MESSAGE)
public class TypingRoute implements Route {
    private static final long DEFAULT_TIMEOUT_MS = 30_000;
    private final RoomAccess access;
    private final Typing typing;
    private final FederationLink federation;

    @Activate
    public TypingRoute(@Reference RoomAccess access, @Reference Typing typing, @Reference FederationLink federation) {
        this.access = access;
        this.federation = federation;
        this.typing = typing;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        if (!me.userId().toString().equals(request.userId("userId").toString())) {
            throw MatrixException.forbidden("You may only set your own typing state");
        }
        String roomId = request.roomId("roomId").value();
        access.requireJoined(roomId, me.userId());
        JsonNode body = Bodies.object(request);
        if (!body.path("typing").isBoolean()) {
            throw MatrixException.badJson("typing must be true or false");
        }
        long timeout = body.path("timeout").asLong(DEFAULT_TIMEOUT_MS);
        typing.set(roomId, me.userId().toString(), body.get("typing").asBoolean(), timeout);
        // Server-Server API, "Typing Notifications": the other servers in the room learn it too
        federation.sendToRoom(roomId, "m.typing", JsonNodeFactory.instance.objectNode().put("room_id", roomId)
                .put("user_id", me.userId().toString()).put("typing", body.get("typing").asBoolean())
                .put("timeout", timeout));
        return RouteResponse.ok(Map.of());
    }
}
