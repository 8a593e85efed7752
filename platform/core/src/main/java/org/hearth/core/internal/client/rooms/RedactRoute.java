package org.hearth.core.internal.client.rooms;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.rooms.ClientTxns;
import org.hearth.core.internal.rooms.Redactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** PUT /_matrix/client/v3/rooms/{roomId}/redact/{eventId}/{txnId}: redacts an event (one's own, or anyone's with the redact power level). */
@Component
@MatrixRoute(method = "PUT", path = "/_matrix/client/v3/rooms/{roomId}/redact/{eventId}/{txnId}", rateLimit = RateLimiter.MESSAGE)
public class RedactRoute implements Route {
    private final Redactions redactions;

    @Activate
    public RedactRoute(@Reference Redactions redactions) {
        this.redactions = redactions;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return redact(redactions, request, request.pathParam("txnId"));
    }

    /** The redaction the request asks for, retried by {@code txnId} (the client's, or one made up). */
    static RouteResponse redact(Redactions redactions, RouteRequest request, String txnId) throws MatrixException {
        Requester me = request.requester();
        String reason = Bodies.string(Bodies.objectOrEmpty(request), "reason");
        String roomId = request.roomId("roomId").value();
        String target = request.eventId("eventId").value();
        String eventId = redactions.redact(me.userId(), roomId, target, reason,
                ClientTxns.redact(me, roomId, target, txnId), me.suspended());
        return RouteResponse.ok(Map.of("event_id", eventId));
    }
}
