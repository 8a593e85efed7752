package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.OptionalLong;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.paging.EventFilter;
import org.hearth.core.internal.paging.StreamToken;
import org.hearth.core.internal.rooms.ClientEvents;
import org.hearth.core.internal.rooms.RoomReads;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v3/rooms/{roomId}/messages: pages through the timeline (dir b or f, from, to, limit, filter). */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/rooms/{roomId}/messages")
public class MessagesRoute implements Route {
    private final RoomReads reads;

    @Activate
    public MessagesRoute(@Reference RoomReads reads) {
        this.reads = reads;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        String dir = request.queryParam("dir").orElse("b");
        if (!dir.equals("b") && !dir.equals("f")) {
            throw MatrixException.invalidParam("dir must be b or f");
        }
        int limit;
        try {
            limit = Integer.parseInt(request.queryParam("limit").orElse("10"));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("limit must be a number");
        }
        RoomReads.MessagePage page = reads.messages(me.userId(), request.roomId("roomId"), dir.equals("b"),
                position(request, "from"), position(request, "to"), limit,
                filter(request.queryParam("filter").orElse(null)));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("start", StreamToken.of(page.start()));
        out.set("chunk", ClientEvents.array(page.chunk(), true));
        page.end().ifPresent(end -> out.put("end", StreamToken.of(end)));
        return RouteResponse.ok(out);
    }

    private static OptionalLong position(RouteRequest request, String param) throws MatrixException {
        String token = request.queryParam(param).orElse(null);
        return token == null ? OptionalLong.empty() : OptionalLong.of(StreamToken.parse(token));
    }

    private static EventFilter filter(String json) throws MatrixException {
        if (json == null) {
            return EventFilter.ALL;
        }
        return EventFilter.parse(Json.clientObject(json, "filter"));
    }
}
