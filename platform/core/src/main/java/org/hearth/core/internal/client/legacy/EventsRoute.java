package org.hearth.core.internal.client.legacy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.paging.SyncToken;
import org.hearth.core.internal.rooms.RoomAccess;
import org.hearth.core.internal.rooms.RoomView;
import org.hearth.api.room.Viewer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/events (deprecated): the events after {@code from}, waiting up to
 * {@code timeout} ms (default 30 s, at most 5 minutes) for one.
 *
 * <ul>
 *   <li>Without {@code from}: an empty chunk and the current position, from which to ask next.</li>
 *   <li>{@code chunk}: the room events, ephemeral events and room account data of every room
 *       (each with its {@code room_id}), invites, presence and global account data;
 *       {@code end} the token to ask from next.</li>
 *   <li>{@code room_id}: that room's events alone (and presence); a user not in it peeks into it
 *       when it is {@code world_readable} ("Peeking"), with its members' presence; 403 for a room
 *       the user may not read.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/events", access = Access.GUEST)
public class EventsRoute implements Route {
    private static final long DEFAULT_TIMEOUT_MS = 30_000;
    private static final long MAX_TIMEOUT_MS = 300_000;
    private final LegacySync legacy;
    private final RoomAccess access;

    @Activate
    public EventsRoute(@Reference LegacySync legacy, @Reference RoomAccess access) {
        this.legacy = legacy;
        this.access = access;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        long timeout;
        try {
            timeout = Math.min(MAX_TIMEOUT_MS, Math.max(0, Long.parseLong(
                    request.queryParam("timeout").orElse(Long.toString(DEFAULT_TIMEOUT_MS)))));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("timeout must be a number of milliseconds");
        }
        // Checked, not applied: a sync page of fewer events would drop the oldest ones after
        // `from`, not defer them; up to EVENTS_DEFAULT come at once.
        Limits.limit(request, Limits.EVENTS_DEFAULT);
        // an empty from is no from, as Synapse reads it (SyTest sends one for users it never streamed)
        String from = request.queryParam("from").filter(f -> !f.isEmpty()).orElse(null);
        String roomId = request.queryParam("room_id").orElse(null);
        Map<String, Long> peek = Map.of();
        if (roomId != null) {
            Requester me = request.requester();
            RoomView view = access.view(Viewer.user(me.userId()), roomId); // 400 malformed, 403 not readable
            peek = view.member() ? Map.of() : Map.of(roomId, 0L); // goes on from the token
        }
        if (from == null) {
            // Where the streams stand now: an initial sync without rooms' history tells it.
            return legacy.sync(request.requester(), null, 1, false, 0, peek, body -> page(null, body, false, roomId));
        }
        SyncToken since = SyncToken.parse(from);
        return legacy.sync(request.requester(), since, Limits.EVENTS_DEFAULT, false, timeout, peek,
                body -> page(from, body, true, roomId));
    }

    private ObjectNode page(String from, ObjectNode syncBody, boolean withEvents, String roomId) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        String end = syncBody.path("next_batch").asText();
        out.put("start", from == null ? end : from);
        out.put("end", end);
        out.set("chunk", withEvents ? legacy.events(syncBody, roomId) : JsonNodeFactory.instance.arrayNode());
        return out;
    }
}
