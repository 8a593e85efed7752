package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.hearth.core.internal.rooms.NewRoomEvent;
import org.hearth.core.internal.rooms.RoomWriter;
import org.hearth.core.internal.rooms.Suspension;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * PUT /_matrix/client/v3/rooms/{roomId}/state/{eventType}[/{stateKey}]: sets a piece of room
 * state (an absent state key is the empty one). State identical to the current state (same sender
 * and content) answers the current event's ID and adds nothing.
 */
@Component
@MatrixRoute(method = "PUT", path = {"/_matrix/client/v3/rooms/{roomId}/state/{eventType}",
        "/_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}"}, access = Access.GUEST, rateLimit = RateLimiter.STATE)
public class PutStateRoute implements Route {
    private final RoomWriter writer;

    @Activate
    public PutStateRoute(@Reference RoomWriter writer) {
        this.writer = writer;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        Suspension.refuse(me, "send state events");
        JsonNode content = Bodies.object(request);
        String eventId = writer.send(NewRoomEvent.state(request.roomId("roomId").value(), me.userId(),
                request.pathParam("eventType"), request.optionalPathParam("stateKey").orElse(""), content));
        return RouteResponse.ok(Map.of("event_id", eventId));
    }
}
