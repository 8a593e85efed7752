package org.hearth.core.internal.client.rooms;

import org.hearth.api.MatrixException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.rooms.Redactions;
import org.hearth.core.internal.util.RandomStrings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/v3/rooms/{roomId}/redact/{eventId}: the form without a transaction ID that
 * Synapse still answers and SyTest uses; each request is a new redaction (nothing to retry by).
 */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/rooms/{roomId}/redact/{eventId}", rateLimit = RateLimiter.MESSAGE)
public class RedactWithoutTxnRoute implements Route {
    private final Redactions redactions;

    @Activate
    public RedactWithoutTxnRoute(@Reference Redactions redactions) {
        this.redactions = redactions;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return RedactRoute.redact(redactions, request, "post-" + RandomStrings.urlSafe(18));
    }
}
