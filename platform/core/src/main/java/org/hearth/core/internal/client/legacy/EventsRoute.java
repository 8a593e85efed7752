package org.hearth.core.internal.client.legacy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.api.MatrixException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.paging.SyncToken;
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
 * </ul>
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/events")
public class EventsRoute implements Route {
    private static final long DEFAULT_TIMEOUT_MS = 30_000;
    private static final long MAX_TIMEOUT_MS = 300_000;
    private static final int LIMIT = 100;
    private final LegacySync legacy;

    @Activate
    public EventsRoute(@Reference LegacySync legacy) {
        this.legacy = legacy;
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
        String from = request.queryParam("from").orElse(null);
        if (from == null) {
            // Where the streams stand now: an initial sync without rooms' history tells it.
            return legacy.sync(request.requester(), null, 1, false, 0, body -> page(null, body, false));
        }
        SyncToken since = SyncToken.parse(from);
        return legacy.sync(request.requester(), since, LIMIT, false, timeout, body -> page(from, body, true));
    }

    private static ObjectNode page(String from, ObjectNode syncBody, boolean withEvents) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        String end = syncBody.path("next_batch").asText();
        out.put("start", from == null ? end : from);
        out.put("end", end);
        out.set("chunk", withEvents ? LegacySync.events(syncBody) : JsonNodeFactory.instance.arrayNode());
        return out;
    }
}
