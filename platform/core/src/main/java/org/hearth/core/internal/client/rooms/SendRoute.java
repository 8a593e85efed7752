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
import org.hearth.api.spi.storage.ClientTxn;
import org.hearth.core.internal.presence.Presence;
import org.hearth.core.internal.relations.NewRelations;
import org.hearth.core.internal.rooms.ClientTxns;
import org.hearth.core.internal.rooms.NewRoomEvent;
import org.hearth.core.internal.rooms.RoomWriter;
import org.hearth.core.internal.rooms.Suspension;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** PUT /_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}: sends a message event; idempotent per device, path and transaction ID. */
@Component
@MatrixRoute(method = "PUT", path = "/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}", access = Access.GUEST, rateLimit = RateLimiter.MESSAGE)
public class SendRoute implements Route {
    private final RoomWriter writer;
    private final Presence presence;
    private final NewRelations newRelations;

    @Activate
    public SendRoute(@Reference RoomWriter writer, @Reference Presence presence, @Reference NewRelations newRelations) {
        this.writer = writer;
        this.presence = presence;
        this.newRelations = newRelations;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        Suspension.refuse(me, "send messages");
        JsonNode content = Bodies.object(request);
        String roomId = request.roomId("roomId").value();
        String type = request.pathParam("eventType");
        ClientTxn txn = ClientTxns.send(me, roomId, type, request.pathParam("txnId"));
        newRelations.check(me.userId(), type, content, txn);
        String eventId = writer.send(NewRoomEvent.message(roomId, me.userId(), type, content, txn));
        presence.active(me.userId()); // sending is activity ("Last active ago")
        return RouteResponse.ok(Map.of("event_id", eventId));
    }
}
