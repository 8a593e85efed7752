package org.hearth.core.internal.client.rooms;

import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.relations.BundledAggregations;
import org.hearth.core.internal.rooms.RoomReads;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v3/rooms/{roomId}/event/{eventId}: one event the user may see; 404 M_NOT_FOUND otherwise. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/rooms/{roomId}/event/{eventId}", access = Access.GUEST)
public class EventRoute implements Route {
    private final RoomReads reads;
    private final BundledAggregations aggregations;

    @Activate
    public EventRoute(@Reference RoomReads reads, @Reference BundledAggregations aggregations) {
        this.reads = reads;
        this.aggregations = aggregations;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        return RouteResponse.ok(aggregations.format(me.userId(),
                reads.event(me.userId(), request.roomId("roomId"), request.eventId("eventId")), true));
    }
}
