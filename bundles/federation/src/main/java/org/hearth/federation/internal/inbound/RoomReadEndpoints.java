package org.hearth.federation.internal.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.hearth.api.MatrixException;
import org.hearth.federation.internal.http.Endpoint.Mount;
import org.hearth.federation.internal.http.Inbound;

/**
 * What another server reads of rooms (Server-Server API, "Retrieving events", "Backfilling and
 * retrieving missing events", "Room State"), handed to core, which applies what the origin may
 * see: /event, /state, /state_ids, /backfill, /get_missing_events, /event_auth, /hierarchy.
 */
public final class RoomReadEndpoints {
    private static final String P = "/_matrix/federation/v1/";
    static final int MAX_LIMIT = 100;
    private static final int MAX_IDS = 100;

    private final HostAccess host;

    public RoomReadEndpoints(HostAccess host) {
        this.host = host;
    }

    public List<Mount> mounts() {
        return List.of(
                Mount.signed("GET", P + "event/{eventId}", r -> host.require().event(r.origin(), r.eventId("eventId"))),
                Mount.signed("GET", P + "state/{roomId}", r -> host.require().state(r.origin(), r.roomId("roomId"),
                        Params.requiredEventId(r))),
                Mount.signed("GET", P + "state_ids/{roomId}", r -> host.require().stateIds(r.origin(),
                        r.roomId("roomId"), Params.requiredEventId(r))),
                Mount.signed("GET", P + "backfill/{roomId}", this::backfill),
                Mount.signed("POST", P + "get_missing_events/{roomId}", this::missingEvents),
                Mount.signed("GET", P + "event_auth/{roomId}/{eventId}", r -> host.require().eventAuth(r.origin(),
                        r.roomId("roomId"), r.eventId("eventId"))),
                Mount.signed("GET", P + "hierarchy/{roomId}", r -> host.require().hierarchy(r.origin(),
                        r.roomId("roomId"), "true".equals(r.queryParam("suggested_only").orElse("false")))));
    }

    /** {@code GET /backfill/{roomId}?v=…&limit=}: both required. */
    private JsonNode backfill(Inbound r) throws MatrixException {
        if (r.queryParams("v").isEmpty()) {
            throw MatrixException.missingParam("v is required");
        }
        if (r.queryParam("limit").isEmpty()) {
            throw MatrixException.missingParam("limit is required");
        }
        return host.require().backfill(r.origin(), r.roomId("roomId"), Params.eventIds(r.queryParams("v"), "v", MAX_IDS),
                Params.intParam(r, "limit", 10, 0, MAX_LIMIT));
    }

    /** {@code POST /get_missing_events/{roomId}}: {@code earliest_events}, {@code latest_events}, {@code limit}, {@code min_depth}. */
    private JsonNode missingEvents(Inbound r) throws MatrixException {
        // no latest_events reads as none, as Synapse does: the answer is empty, once the room's ACL let the origin in
        JsonNode body = r.jsonObject();
        int limit = body.path("limit").canConvertToInt() ? body.path("limit").intValue() : 10;
        long minDepth = body.path("min_depth").canConvertToLong() ? body.path("min_depth").longValue() : 0;
        return host.require().missingEvents(r.origin(), r.roomId("roomId"),
                Params.eventIds(body.path("earliest_events"), "earliest_events", MAX_IDS),
                Params.eventIds(body.path("latest_events"), "latest_events", MAX_IDS),
                Math.max(0, Math.min(MAX_LIMIT, limit)), minDepth);
    }
}
