package org.hearth.core.internal.client.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.DeviceId;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.core.internal.paging.SyncToken;
import org.hearth.core.internal.sync.SyncFilter;
import org.hearth.core.internal.sync.SyncResponse;
import org.hearth.core.internal.presence.Presence;
import org.hearth.core.internal.relations.BundledAggregations;
import org.hearth.core.internal.peeking.Peeks;
import org.hearth.core.internal.sync.SyncService;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/sync
 *
 * <ul>
 *   <li>{@code since}: a {@code next_batch} token; absent for an initial sync.</li>
 *   <li>{@code timeout} (ms, at most 5 minutes): how long to wait for news.</li>
 *   <li>{@code filter}: a filter ID from {@code POST /user/{userId}/filter}, or inline JSON.</li>
 *   <li>{@code full_state}; {@code set_presence} (absent: the sync marks the user online, see {@link Presence}).</li>
 *   <li>Rooms the device peeks into ({@link org.hearth.core.internal.client.peeking.PeekRoute}) under {@code rooms.peek}.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/sync", access = Access.GUEST)
public class SyncRoute implements Route {
    private static final long MAX_TIMEOUT_MS = 300_000;
    private final SyncService sync;
    private final UserDataStore userData;
    private final Presence presence;
    private final BundledAggregations aggregations;
    private final Peeks peeks;

    @Activate
    public SyncRoute(@Reference SyncService sync, @Reference UserDataStore userData, @Reference Presence presence,
                     @Reference BundledAggregations aggregations, @Reference Peeks peeks) {
        this.sync = sync;
        this.peeks = peeks;
        this.userData = userData;
        this.presence = presence;
        this.aggregations = aggregations;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        SyncToken since = null;
        if (request.queryParam("since").isPresent()) {
            since = SyncToken.parse(request.queryParam("since").get());
            if (since.events() < 0) { // a position in backfilled history: pagination only, never news
                throw MatrixException.invalidParam("Invalid sync token " + request.queryParam("since").get());
            }
        }
        long timeout;
        try {
            timeout = Math.min(MAX_TIMEOUT_MS, Math.max(0, Long.parseLong(request.queryParam("timeout").orElse("0"))));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("timeout must be a number of milliseconds");
        }
        String filterParam = request.queryParam("filter").orElse(null);
        SyncFilter filter = filterParam == null ? SyncFilter.DEFAULT : filter(me, filterParam);
        boolean fullState = "true".equals(request.queryParam("full_state").orElse("false"));
        presence.syncing(me.userId(), request.queryParam("set_presence").orElse(null));
        String device = me.device().map(DeviceId::value).orElse(null);
        String peeker = device == null ? "" : device;
        CompletableFuture<SyncResponse> answer = sync.sync(new SyncService.Request(me.userId(), device, since, filter,
                fullState, timeout, peeks.of(me.userId().toString(), peeker)))
                .thenApply(response -> {
                    response.peek().keySet().forEach(room -> peeks.sent(me.userId().toString(), peeker, room.value(),
                            response.nextBatch().events()));
                    return response;
                });
        if (answer.isDone() && !answer.isCompletedExceptionally()) {
            return RouteResponse.ok(body(me, answer.join(), filter));
        }
        return RouteResponse.later(answer.thenApply(response -> RouteResponse.ok(body(me, response, filter))));
    }

    /** The JSON body, limited timelines' events with their bundled aggregations ("Aggregations of child events"). */
    private ObjectNode body(Requester me, SyncResponse response, SyncFilter filter) {
        ObjectNode body = SyncJson.of(response, filter.federationFormat());
        List<StoredEvent> stored = new ArrayList<>();
        List<ObjectNode> formatted = new ArrayList<>();
        response.join().forEach((roomId, room) -> collect(body.path("rooms").path("join").path(roomId.value()),
                room.timeline(), stored, formatted));
        response.leave().forEach((roomId, room) -> collect(body.path("rooms").path("leave").path(roomId.value()),
                room.timeline(), stored, formatted));
        aggregations.addTo(me.userId(), stored, formatted);
        return body;
    }

    /**
     * The timeline's events and their JSON in the room's section, which SyncJson writes in the same
     * order; only a limited timeline's: the spec bundles aggregations into {@code /sync} there alone
     * (a client that saw the gapless timeline aggregates itself), which spares the live syncs a read.
     */
    private static void collect(JsonNode section, SyncResponse.Timeline timeline, List<StoredEvent> stored,
                                List<ObjectNode> formatted) {
        if (!timeline.limited()) {
            return;
        }
        JsonNode array = section.path("timeline").path("events");
        List<StoredEvent> events = timeline.events();
        for (int i = 0; i < events.size() && i < array.size(); i++) {
            stored.add(events.get(i));
            formatted.add((ObjectNode) array.get(i));
        }
    }

    private SyncFilter filter(Requester me, String filter) throws MatrixException {
        String json = filter.startsWith("{") ? filter : userData.filter(me.userId(), filter)
                .orElseThrow(() -> MatrixException.invalidParam("Unknown filter " + filter));
        return SyncFilter.parse(Json.clientObject(json, "The filter"));
    }
}
