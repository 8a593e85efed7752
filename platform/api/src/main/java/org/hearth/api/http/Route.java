package org.hearth.api.http;

import org.hearth.api.MatrixException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One HTTP endpoint. Register it as an OSGi service with the properties of
 * {@link MatrixRoute}; the front door (bundle {@code org.hearth.http}) picks it up at once and
 * drops it when the service goes away.
 *
 * <p>How a request reaches a route:
 * <pre>
 *   Undertow worker → CORS → match (method, path template) → body read and limited
 *      (unless MatrixRoute.streamBody: the route streams it, RouteRequest.bodyStream)
 *      → access check (MatrixRoute.access: token → Requester, or X-Matrix → origin server)
 *      → rate limit (MatrixRoute.rateLimit, per user and per address) → Route.handle
 *      ← RouteResponse: JSON, bytes, stream | MatrixException → {"errcode", "error"} + status
 *                                           | any other exception → 500 M_UNKNOWN with a log reference
 * </pre>
 *
 * <p>Example, a route contributed by a Declarative Services component:
 * <pre>{@code
 * @Component
 * @MatrixRoute(method = "GET", path = "/_matrix/client/v3/rooms/{roomId}/hello", access = Access.USER)
 * public class HelloRoute implements Route {
 *     public RouteResponse handle(RouteRequest request) throws MatrixException {
 *         return RouteResponse.ok(Map.of("room", request.roomId("roomId").value(),
 *                 "you", request.requester().userId().toString()));
 *     }
 * }
 * }</pre>
 *
 * <p>A route that must wait (a long poll) returns {@link RouteResponse#later} and does not
 * hold a worker thread while it waits. {@code OPTIONS} requests never reach a route: the spec
 * forbids running endpoint logic for them.
 */
@ConsumerType
@FunctionalInterface
public interface Route {

    RouteResponse handle(RouteRequest request) throws MatrixException;
}
