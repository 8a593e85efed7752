package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.relations.NewRelations;
import org.hearth.core.internal.rooms.NewRoomEvent;
import org.hearth.core.internal.rooms.RoomWriter;
import org.hearth.core.internal.rooms.Suspension;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/v3/rooms/{roomId}/send/{eventType}: a message event without a transaction
 * ID, as the early API allowed; a retried request sends the event again.
 */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/rooms/{roomId}/send/{eventType}", rateLimit = RateLimiter.MESSAGE)
public class SendWithoutTxnRoute implements Route {
    private final RoomWriter writer;
    private final NewRelations newRelations;

    @Activate
    public SendWithoutTxnRoute(@Reference RoomWriter writer, @Reference NewRelations newRelations) {
        this.writer = writer;
        this.newRelations = newRelations;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Suspension.refuse(request.requester(), "send messages");
        JsonNode content = Bodies.object(request);
        newRelations.check(request.requester().userId(), request.pathParam("eventType"), content, null);
        String eventId = writer.send(NewRoomEvent.message(request.roomId("roomId").value(), request.requester().userId(),
                request.pathParam("eventType"), content, null));
        return RouteResponse.ok(Map.of("event_id", eventId));
    }
}
