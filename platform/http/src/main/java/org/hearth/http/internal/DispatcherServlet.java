package org.hearth.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.hearth.api.MatrixException;
import org.hearth.api.http.BodyTooLargeException;
import org.hearth.api.http.RouteResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one servlet: every request goes through {@link #service}.
 *
 * <ul>
 *   <li>CORS headers on every response; {@code OPTIONS} answered without running any endpoint
 *       logic (Client-Server API, "Web Browser Clients").</li>
 *   <li>Body over the limit ({@code http.max_request_bytes}, or the route's own for a route that
 *       streams its body): 413 {@code M_TOO_LARGE}; unknown path: 404 {@code M_UNRECOGNIZED};
 *       known path, wrong method: 405 {@code M_UNRECOGNIZED} (Client-Server API, "Common error
 *       codes" and "Unsupported endpoints").</li>
 *   <li>An unexpected exception: 500 {@code M_UNKNOWN} whose message carries a reference that
 *       the log line with the stack trace also carries. No stack trace reaches the client.</li>
 *   <li>One access-log line per request (logger {@code hearth.access}): method, path without
 *       the query string (which may hold an access token), status, duration.</li>
 * </ul>
 */
final class DispatcherServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DispatcherServlet.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("hearth.access");

    private final RouteTable routes;
    private final AccessCheck access;
    private final RateLimits limits;
    private final HttpMetrics metrics;
    private final long maxBodyBytes;
    private final transient ObjectMapper json;
    private final transient JsonResponses responses;

    DispatcherServlet(RouteTable routes, AccessCheck access, RateLimits limits, HttpMetrics metrics, long maxBodyBytes,
                      ObjectMapper json) {
        this.routes = routes;
        this.access = access;
        this.limits = limits;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
        this.json = json;
        this.responses = new JsonResponses(json);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        Cors.addHeaders(response);
        String method = request.getMethod();
        if ("OPTIONS".equals(method)) {
            responses.write(response, RouteResponse.ok(Map.of()));
            finish(request, response, "OPTIONS", start);
            return;
        }
        String routeLabel = "unmatched";
        try {
            RouteTable.Match match = routes.find(method, request.getRequestURI());
            if (match instanceof RouteTable.Found found) {
                RouteTable.Entry entry = found.entry();
                routeLabel = entry.template().text();
                byte[] body = entry.streamBody() ? null : readBody(request); // a streaming route reads it itself
                ServletRouteRequest routeRequest = new ServletRouteRequest(request, found.params(), body, json);
                AccessCheck.Caller caller = access.check(entry.access(), routeRequest);
                routeRequest.authenticated(caller);
                if (!entry.rateLimit().isEmpty()) {
                    // per user once we know who it is, else per address (Synapse keys its limits the same way)
                    limits.acquire(entry.rateLimit(), caller.requester() != null
                            ? caller.requester().userId().toString() : "ip:" + request.getRemoteAddr());
                }
                RouteResponse answer = entry.route().handle(routeRequest);
                if (answer.later() != null) {
                    answerLater(request, response, answer, routeLabel, start);
                    return;
                }
                responses.write(response, answer);
            } else if (match instanceof RouteTable.WrongMethod wrong) {
                response.setHeader("Allow", String.join(", ", wrong.allowed()));
                throw MatrixException.unrecognized(405, "Method " + method + " is not allowed here");
            } else {
                throw MatrixException.unrecognized(404, "Unrecognized request");
            }
        } catch (MatrixException e) {
            responses.error(response, e);
        } catch (RuntimeException e) {
            unexpected(request, response, e);
        }
        finish(request, response, routeLabel, start);
    }

    private byte[] readBody(HttpServletRequest request) throws IOException, MatrixException {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw tooLarge(maxBodyBytes);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                throw tooLarge(maxBodyBytes);
            }
            return body;
        }
    }

    static MatrixException tooLarge(long limit) {
        return new BodyTooLargeException(limit).toMatrix();
    }

    private void answerLater(HttpServletRequest request, HttpServletResponse response, RouteResponse answer,
                             String routeLabel, long start) {
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // the route owns its timeout (a long poll answers when it is due)
        answer.later().whenComplete((result, failure) -> {
            try {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause instanceof MatrixException e) {
                    responses.error(response, e);
                } else if (cause != null) {
                    unexpected(request, response, cause);
                } else if (result.later() != null) {
                    throw new IllegalStateException("a later response completed with another later response");
                } else {
                    responses.write(response, result);
                }
                finish(request, response, routeLabel, start);
            } catch (IOException | RuntimeException e) {
                LOG.debug("Could not deliver a late response to {}", request.getRemoteAddr(), e);
            } finally {
                async.complete();
            }
        });
    }

    private void unexpected(HttpServletRequest request, HttpServletResponse response, Throwable e) throws IOException {
        String ref = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("Unexpected failure [ref {}] in {} {}", ref, request.getMethod(), request.getRequestURI(), e);
        if (!response.isCommitted()) {
            response.reset();
            Cors.addHeaders(response);
            responses.error(response, new MatrixException(500, "M_UNKNOWN", "Internal server error [ref " + ref + "]"));
        }
    }

    private void finish(HttpServletRequest request, HttpServletResponse response, String routeLabel, long start) {
        long nanos = System.nanoTime() - start;
        int status = response.getStatus();
        metrics.observe(request.getMethod(), routeLabel, status, nanos);
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info("{} {} {} {} {}ms", request.getRemoteAddr(), request.getMethod(), request.getRequestURI(),
                    status, String.format("%.1f", nanos / 1e6));
        }
    }
}
