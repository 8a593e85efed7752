package org.hearth.core.internal.client.keys;

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
import org.hearth.core.internal.e2ee.ToDeviceMessages;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * PUT /_matrix/client/v3/sendToDevice/{eventType}/{txnId}: messages to devices, idempotent per
 * sending device and transaction ID (see {@link ToDeviceMessages}).
 *
 * <p>Open to guests ("Guest Access").
 */
@Component
@MatrixRoute(method = "PUT", path = "/_matrix/client/v3/sendToDevice/{eventType}/{txnId}", access = Access.GUEST, rateLimit = RateLimiter.KEYS)
public class SendToDeviceRoute implements Route {
    private final ToDeviceMessages messages;

    @Activate
    public SendToDeviceRoute(@Reference ToDeviceMessages messages) {
        this.messages = messages;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        messages.send(me.userId(), me.deviceId(), request.pathParam("eventType"), request.pathParam("txnId"),
                Bodies.object(request));
        return RouteResponse.ok(Map.of());
    }
}
