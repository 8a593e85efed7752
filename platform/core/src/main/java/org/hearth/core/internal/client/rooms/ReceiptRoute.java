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
import org.hearth.core.internal.receipts.Receipts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/v3/rooms/{roomId}/receipt/{receiptType}/{eventId}
 *
 * <ul>
 *   <li>{@code m.read}, {@code m.read.private} or {@code m.fully_read}; an optional
 *       {@code thread_id} ("Threaded read receipts"); the checks are {@link Receipts}'.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/rooms/{roomId}/receipt/{receiptType}/{eventId}", access = Access.GUEST,
        rateLimit = RateLimiter.MESSAGE)
public class ReceiptRoute implements Route {
    private final Receipts receipts;

    @Activate
    public ReceiptRoute(@Reference Receipts receipts) {
        this.receipts = receipts;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        String type = request.pathParam("receiptType");
        Receipts.checkType(type);
        JsonNode body = Bodies.objectOrEmpty(request);
        JsonNode thread = body.get("thread_id");
        if (thread != null && !thread.isTextual()) {
            throw MatrixException.invalidParam("thread_id must be a string");
        }
        receipts.send(me.userId(), request.roomId("roomId").value(), type, request.eventId("eventId").value(),
                thread == null ? null : thread.asText());
        return RouteResponse.ok(Map.of());
    }
}
