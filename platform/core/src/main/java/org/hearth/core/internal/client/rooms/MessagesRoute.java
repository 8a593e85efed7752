package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.paging.EventFilter;
import org.hearth.core.internal.paging.FilterFields;
import org.hearth.core.internal.paging.PageParams;
import org.hearth.core.internal.paging.StreamToken;
import org.hearth.core.internal.relations.BundledAggregations;
import org.hearth.core.internal.rooms.ClientEvents;
import org.hearth.core.internal.rooms.RoomReads;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/rooms/{roomId}/messages: pages through the timeline (dir b or f, from, to, limit, filter);
 * with the filter's {@code lazy_load_members}, {@code state} holds the member events of the chunk's senders.
 */
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
        JsonNode filter = request.queryParam("filter").isPresent()
                ? Json.clientObject(request.queryParam("filter").get(), "filter") : null;
        RoomReads.MessagePage page = reads.messages(me.userId(), request.roomId("roomId"), backwards,
                PageParams.position(request, "from"), PageParams.position(request, "to"), limit,
                filter == null ? EventFilter.ALL : EventFilter.parse(filter));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("start", StreamToken.of(page.start()));
        out.set("chunk", aggregations.array(me.userId(), page.chunk(), true));
        page.end().ifPresent(end -> out.put("end", StreamToken.of(end)));
        if (filter != null && FilterFields.bool(filter, "lazy_load_members", false)) {
            List<StoredEvent> members = reads.sendersMembers(me.userId(), request.roomId("roomId"), page.chunk());
            if (!members.isEmpty()) {
                out.set("state", ClientEvents.array(members, true));
            }
        }
        return RouteResponse.ok(out);
    }
}
