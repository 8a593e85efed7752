package org.hearth.core.internal.client.rooms;

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
import org.hearth.core.internal.paging.PageParams;
import org.hearth.core.internal.paging.StreamToken;
import org.hearth.core.internal.relations.BundledAggregations;
import org.hearth.core.internal.rooms.RoomReads;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v3/rooms/{roomId}/messages: pages through the timeline (dir b or f, from, to, limit, filter). */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/rooms/{roomId}/messages", access = Access.GUEST)
public class MessagesRoute implements Route {
    private final RoomReads reads;
    private final BundledAggregations aggregations;

    @Activate
    public MessagesRoute(@Reference RoomReads reads, @Reference BundledAggregations aggregations) {
        this.reads = reads;
        this.aggregations = aggregations;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        boolean backwards = PageParams.backwards(request);
        int limit;
        try {
            limit = Integer.parseInt(request.queryParam("limit").orElse("10"));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("limit must be a number");
        }
        RoomReads.MessagePage page = reads.messages(me.userId(), request.roomId("roomId"), backwards,
                PageParams.position(request, "from"), PageParams.position(request, "to"), limit,
                filter(request.queryParam("filter").orElse(null)));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("start", StreamToken.of(page.start()));
        out.set("chunk", aggregations.array(me.userId(), page.chunk(), true));
        page.end().ifPresent(end -> out.put("end", StreamToken.of(end)));
        return RouteResponse.ok(out);
    }

    private static EventFilter filter(String json) throws MatrixException {
        if (json == null) {
            return EventFilter.ALL;
        }
        return EventFilter.parse(Json.clientObject(json, "filter"));
    }
}
