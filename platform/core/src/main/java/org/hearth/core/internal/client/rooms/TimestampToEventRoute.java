package org.hearth.core.internal.client.rooms;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.rooms.RoomReads;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v1/rooms/{roomId}/timestamp_to_event: the event closest to a time, in direction f (at or after) or b (at or before). */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v1/rooms/{roomId}/timestamp_to_event")
public class TimestampToEventRoute implements Route {
    private final RoomReads reads;

    @Activate
    public TimestampToEventRoute(@Reference RoomReads reads) {
        this.reads = reads;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        long ts;
        try {
            ts = Long.parseLong(request.queryParam("ts").orElseThrow(() -> MatrixException.missingParam("ts is required")));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("ts must be a number");
        }
        String dir = request.queryParam("dir").orElseThrow(() -> MatrixException.missingParam("dir is required"));
        if (!dir.equals("f") && !dir.equals("b")) {
            throw MatrixException.invalidParam("dir must be f or b");
        }
        StoredEvent found = reads.eventAt(me.userId(), request.roomId("roomId"), ts, dir.equals("f"));
        return RouteResponse.ok(Map.of("event_id", found.eventId(), "origin_server_ts", found.originServerTs()));
    }
}
