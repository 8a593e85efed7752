package org.hearth.core.internal.client.legacy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.paging.EventFilter;
import org.hearth.core.internal.paging.StreamToken;
import org.hearth.core.internal.rooms.ClientEvents;
import org.hearth.core.internal.rooms.Memberships;
import org.hearth.core.internal.rooms.RoomReads;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/rooms/{roomId}/initialSync (deprecated): one room as in
 * {@code /initialSync}, with presence; 404 for an unknown room. A room the user is not in is
 * previewed ("peeking") as far as its history visibility lets anyone read it (world_readable):
 * its latest messages and state; 403 {@code M_FORBIDDEN} when it lets nothing be read.
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/rooms/{roomId}/initialSync", access = Access.GUEST)
public class RoomInitialSyncRoute implements Route {
    private final LegacySync legacy;
    private final Memberships memberships;
    private final RoomReads reads;

    @Activate
    public RoomInitialSyncRoute(@Reference LegacySync legacy, @Reference Memberships memberships,
                                @Reference RoomReads reads) {
        this.legacy = legacy;
        this.memberships = memberships;
        this.reads = reads;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        String roomId = memberships.resolve(request.roomId("roomId").value());
        int limit = Limits.limit(request, Limits.INITIAL_SYNC_DEFAULT);
        ObjectNode body = legacy.initialSync(request.requester(), limit, true);
        ObjectNode room = legacy.room(body, roomId, limit);
        if (room == null) {
            room = preview(request.requester().userId(), new RoomId(roomId), limit, body.path("next_batch").asText());
        }
        // the presence of those in the room; none once the user has left (SPEC-216: nothing after leaving)
        boolean left = "leave".equals(room.path("membership").asText());
        room.set("presence", left ? JsonNodeFactory.instance.arrayNode()
                : LegacySync.presenceOfMembers(body, room.path("state")));
        return RouteResponse.ok(room);
    }

    /** A room the user is not in, as its history visibility shows it to anyone; 403 when it shows nothing. */
    private ObjectNode preview(UserId user, RoomId roomId, int limit, String end) throws MatrixException {
        List<StoredEvent> state = reads.state(user, roomId);
        RoomReads.MessagePage page = reads.messages(user, roomId, true, OptionalLong.empty(), OptionalLong.empty(),
                Math.max(1, limit), EventFilter.ALL);
        List<StoredEvent> chronological = new ArrayList<>(limit == 0 ? List.of() : page.chunk());
        Collections.reverse(chronological);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("room_id", roomId.value());
        ObjectNode messages = out.putObject("messages");
        messages.put("start", limit == 0 ? end : StreamToken.of(page.end().orElse(0)));
        messages.put("end", end);
        messages.set("chunk", legacyEvents(chronological, roomId));
        out.set("state", legacyEvents(state, roomId));
        out.putArray("account_data");
        out.putArray("receipts");
        out.put("visibility", "public");
        return out;
    }

    private static ArrayNode legacyEvents(List<StoredEvent> events, RoomId roomId) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        ClientEvents.array(events, true).forEach(e -> out.add(LegacySync.withRoomId(e, roomId.value())));
        return out;
    }
}
