package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.client.Bodies;
import org.hearth.core.internal.presence.Presence;
import org.hearth.core.internal.rooms.ClientTxns;
import org.hearth.core.internal.rooms.NewRoomEvent;
import org.hearth.core.internal.rooms.RoomWriter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** PUT /_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}: sends a message event; idempotent per device, path and transaction ID. */
@Component
@MatrixRoute(method = "PUT", path = "/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}", rateLimit = RateLimiter.MESSAGE)
public class SendRoute implements Route {
    private final RoomWriter writer;
    private final Presence presence;

    @Activate
    public SendRoute(@Reference RoomWriter writer, @Reference Presence presence) {
        this.writer = writer;
        this.presence = presence;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        JsonNode content = Bodies.object(request);
        String roomId = request.roomId("roomId").value();
        String type = request.pathParam("eventType");
        String eventId = writer.send(NewRoomEvent.message(roomId, me.userId(), type, content,
                ClientTxns.send(me, roomId, type, request.pathParam("txnId"))));
        presence.active(me.userId()); // sending is activity ("Last active ago")
        return RouteResponse.ok(Map.of("event_id", eventId));
    }
}
