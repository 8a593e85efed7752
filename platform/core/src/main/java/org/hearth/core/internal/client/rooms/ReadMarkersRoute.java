package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Access;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.EventId;
import org.hearth.core.internal.receipts.Receipts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/v3/rooms/{roomId}/read_markers
 *
 * <ul>
 *   <li>{@code m.fully_read} moves the read marker (room account data), {@code m.read} and
 *       {@code m.read.private} send those receipts; each optional, each an event ID the user may see.</li>
 *   <li>Every field is checked before anything is stored.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/rooms/{roomId}/read_markers", access = Access.GUEST, rateLimit = RateLimiter.MESSAGE)
public class ReadMarkersRoute implements Route {
    private static final String[] FIELDS = {Receipts.FULLY_READ, Receipts.READ, Receipts.READ_PRIVATE};
    private final Receipts receipts;

    @Activate
    public ReadMarkersRoute(@Reference Receipts receipts) {
        this.receipts = receipts;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        String roomId = request.roomId("roomId").value();
        JsonNode body = Bodies.object(request);
        String[] eventIds = new String[FIELDS.length];
        for (int i = 0; i < FIELDS.length; i++) {
            String eventId = Bodies.string(body, FIELDS[i]);
            if (eventId != null && EventId.parse(eventId).isEmpty()) {
                throw MatrixException.invalidParam("Invalid event ID in " + FIELDS[i]);
            }
            eventIds[i] = eventId;
        }
        for (int i = 0; i < FIELDS.length; i++) {
            if (eventIds[i] != null) {
                receipts.send(me.userId(), roomId, FIELDS[i], eventIds[i], null);
            }
        }
        return RouteResponse.ok(Map.of());
    }
}
