package org.hearth.itest.echo.internal;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;

/**
 * A {@link Clock} ranked above core's, which tests move on instead of waiting:
 * POST /_hearth/test/clock {"advance_ms": 60000}. It runs with the system clock, shifted by the
 * sum of the advances; time never goes back. Test bundle only: no server runs it.
 */
@Component(service = {Clock.class, Route.class}, property = Constants.SERVICE_RANKING + ":Integer=100")
@MatrixRoute(method = "POST", path = "/_hearth/test/clock", access = Access.NONE)
public class TestClock implements Clock, Route {
    private static final long MAX_ADVANCE_MS = 366L * 24 * 3600 * 1000;
    private final AtomicLong offset = new AtomicLong();

    /** The body: how far to move the clock on. */
    public record Advance(long advance_ms) {}

    @Override
    public long millis() {
        return System.currentTimeMillis() + offset.get();
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        long ms = request.json(Advance.class).advance_ms();
        if (ms < 0 || ms > MAX_ADVANCE_MS) {
            throw new MatrixException(400, "M_INVALID_PARAM", "advance_ms: from 0 to " + MAX_ADVANCE_MS);
        }
        offset.addAndGet(ms);
        return RouteResponse.ok(Map.of("now", millis()));
    }
}
