package org.hearth.itest.echo.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Component;

/**
 * GET /_hearth/test/later?ms=N[&amp;fail=true|&amp;crash=true]: answers after N milliseconds
 * without holding a worker thread, or fails with M_FORBIDDEN, or with a bug, after that delay.
 */
@Component
@MatrixRoute(method = "GET", path = "/_hearth/test/later", access = Access.NONE)
public class LaterRoute implements Route {

    @Override
    public RouteResponse handle(RouteRequest request) {
        long ms = Long.parseLong(request.queryParam("ms").orElse("50"));
        boolean fail = request.queryParam("fail").isPresent();
        boolean crash = request.queryParam("crash").isPresent();
        CompletableFuture<RouteResponse> answer = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(ms, TimeUnit.MILLISECONDS).execute(() -> {
            if (crash) {
                answer.completeExceptionally(new IllegalStateException("secret internal detail"));
            } else if (fail) {
                answer.completeExceptionally(MatrixException.forbidden("refused later"));
            } else {
                answer.complete(RouteResponse.ok(Map.of("waited_ms", ms)));
            }
        });
        return RouteResponse.later(answer);
    }
}
