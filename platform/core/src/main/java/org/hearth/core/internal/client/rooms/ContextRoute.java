package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.paging.EventFilter;
import org.hearth.core.internal.paging.FilterFields;
import org.hearth.core.internal.paging.StreamToken;
import org.hearth.core.internal.relations.BundledAggregations;
import org.hearth.core.internal.rooms.ClientEvents;
import org.hearth.core.internal.rooms.RoomReads;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v3/rooms/{roomId}/context/{eventId}: an event with the events before and after it, and the room state. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/rooms/{roomId}/context/{eventId}", access = Access.GUEST)
public class ContextRoute implements Route {
    private final RoomReads reads;
    private final BundledAggregations aggregations;

    @Activate
    public ContextRoute(@Reference RoomReads reads, @Reference BundledAggregations aggregations) {
        this.reads = reads;
        this.aggregations = aggregations;
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
        JsonNode filter = request.queryParam("filter").isPresent()
                ? Json.clientObject(request.queryParam("filter").get(), "filter") : JsonNodeFactory.instance.objectNode();
        RoomReads.Context context = reads.context(me.userId(), request.roomId("roomId"), request.eventId("eventId"),
                limit, EventFilter.parse(filter), FilterFields.bool(filter, "lazy_load_members", false));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("event", aggregations.format(me.userId(), context.event(), true));
        out.set("events_before", aggregations.array(me.userId(), context.before(), true));
        out.set("events_after", aggregations.array(me.userId(), context.after(), true));
        out.put("start", StreamToken.of(context.start()));
        out.put("end", StreamToken.of(context.end()));
        out.set("state", ClientEvents.array(context.state(), true));
        return RouteResponse.ok(out);
    }
}
