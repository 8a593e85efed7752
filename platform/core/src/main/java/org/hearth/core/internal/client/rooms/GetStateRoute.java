package org.hearth.core.internal.client.rooms;

import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.rooms.ClientEvents;
import org.hearth.core.internal.rooms.RoomReads;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/rooms/{roomId}/state/{eventType}[/{stateKey}]: the content of a piece of
 * room state (an absent state key is the empty one), or with {@code ?format=event} the whole
 * event; 404 M_NOT_FOUND when unset.
 */
@Component
@MatrixRoute(method = "GET", path = {"/_matrix/client/v3/rooms/{roomId}/state/{eventType}",
        "/_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}"}, access = Access.GUEST)
public class GetStateRoute implements Route {
    private final RoomReads reads;

    @Activate
    public GetStateRoute(@Reference RoomReads reads) {
        this.reads = reads;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        StoredEvent event = reads.stateEvent(me.userId(), request.roomId("roomId"), request.pathParam("eventType"),
                request.optionalPathParam("stateKey").orElse(""));
        // ?format=event: the whole ClientEvent instead of its content (spec v1.16)
        boolean whole = "event".equals(request.queryParam("format").orElse("content"));
        return RouteResponse.ok(whole ? ClientEvents.format(event, true) : ClientEvents.format(event, true).path("content"));
    }
}
