package org.hearth.core.internal.client.rooms;

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

/** GET /_matrix/client/v3/rooms/{roomId}/context/{eventId}: an event with the events before and after it, and the room state. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/rooms/{roomId}/context/{eventId}")
public class ContextRoute implements Route {
    private final RoomReads reads;

    @Activate
    public ContextRoute(@Reference RoomReads reads) {
        this.reads = reads;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        int limit;
        try {
            limit = Integer.parseInt(request.queryParam("limit").orElse("10"));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("limit must be a number");
        }
        return RouteResponse.ok(reads.context(me.userId(), request.roomId("roomId").value(), request.eventId("eventId").value(), limit));
    }
}
