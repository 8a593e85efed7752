package org.hearth.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *       codes" and "Unsupported endpoints"); a path or query parameter that is not UTF-8 or holds
 *       NUL: 400 {@code M_INVALID_PARAM}; a body that cannot be read to its end: 400.</li>
 *   <li>Anything unexpected, an {@link Error} or a failure to serialise the answer included: 500
 *       {@code M_UNKNOWN} whose message carries a reference that the log line with the stack
 *       trace also carries. No stack trace or HTML page reaches the client; errors the container
 *       raises itself come back here (the deployment's error page is this servlet).</li>
 *   <li>Exactly one access-log line per request ({@link AccessLog}), with the status this server
 *       answered, also when the client was gone before it could be sent.</li>
 * </ul>
 */
final class DispatcherServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DispatcherServlet.class);

    private final RouteTable routes;
    private final AccessCheck access;
    private final RateLimits limits;
    private final long maxBodyBytes;
    private final transient ObjectMapper json;
    private final transient JsonResponses responses;
    private final transient AccessLog log;

    /** One request on its way: what the access line reports. */
    private static final class Exchange {
        final HttpServletRequest request;
        final HttpServletResponse response;
        final long start = System.nanoTime();
        String route = "unmatched";
        int status = 500;
        /** The request's body has been read to its end (see {@link EndOnIoThread}). */
        boolean bodyRead;

        Exchange(HttpServletRequest request, HttpServletResponse response) {
            this.request = request;
            this.response = response;
        }
    }

    DispatcherServlet(RouteTable routes, AccessCheck access, RateLimits limits, AccessLog log, long maxBodyBytes,
                      ObjectMapper json) {
        this.routes = routes;
        this.access = access;
        this.limits = limits;
        this.log = log;
        this.maxBodyBytes = maxBodyBytes;
        this.json = json;
        this.responses = new JsonResponses(json);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
        Exchange ex = new Exchange(request, response);
        boolean later = false;
        try {
            Cors.addHeaders(response);
            if (request.getDispatcherType() == DispatcherType.ERROR) {
                ex.route = "error";
                error(ex, containerError(request));
            } else if ("OPTIONS".equals(request.getMethod())) {
                ex.route = "OPTIONS";
                write(ex, RouteResponse.ok(Map.of()));
            } else {
                later = dispatch(ex);
            }
        } catch (MatrixException e) {
            error(ex, e);
        } catch (Throwable e) {
            unexpected(ex, e);
        }
        if (!later) {
            finish(ex);
            if (ex.bodyRead) {
                EndOnIoThread.complete(request, request.startAsync());
            }
        }
    }

    /** Runs the route; true when it answers later (the access line is written then). */
    private boolean dispatch(Exchange ex) throws Exception {
        HttpServletRequest request = ex.request;
        String method = request.getMethod();
        RouteTable.Match match = routes.find(method, request.getRequestURI());
        if (match instanceof RouteTable.Found found) {
            RouteTable.Entry entry = found.entry();
            ex.route = entry.template().text();
            Map<String, List<String>> query = PercentDecoding.query(request.getQueryString());
            byte[] body = entry.streamBody() ? null : readBody(request); // a streaming route reads it itself
            ex.bodyRead = !entry.streamBody();
            ServletRouteRequest routeRequest = new ServletRouteRequest(request, found.params(), query, body, json);
            AccessCheck.Caller caller = access.check(entry.access(), routeRequest);
            routeRequest.authenticated(caller);
            if (!entry.rateLimit().isEmpty()) {
                limits.acquireFor(entry.rateLimit(), caller.requester(), request.getRemoteAddr());
            }
            RouteResponse answer = entry.route().handle(routeRequest);
            if (answer.later() != null) {
                answerLater(ex, answer);
                return true;
            }
            write(ex, answer);
        } else if (match instanceof RouteTable.WrongMethod wrong) {
            ex.response.setHeader("Allow", String.join(", ", wrong.allowed()));
            throw MatrixException.unrecognized(405, "Method " + method + " is not allowed here");
        } else {
            throw MatrixException.unrecognized(404, "Unrecognized request");
        }
        return false;
    }

    private static final byte[] NO_BODY = new byte[0];

    private byte[] readBody(HttpServletRequest request) throws MatrixException {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw tooLarge(maxBodyBytes);
        }
        // No length and not chunked: no body (RFC 9112, 6.3), as for most GETs; reading it anyway
        // cost each long-polling /sync an 8 KiB buffer.
        if (declared == 0 || declared < 0 && request.getHeader("Transfer-Encoding") == null) {
            return NO_BODY;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(declared > 0 ? (int) declared + 1
                    : (int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                throw tooLarge(maxBodyBytes);
            }
            return body;
        } catch (IOException e) {
            // a malformed chunk, or a client that went away before sending what it announced
            throw new MatrixException(400, "M_UNKNOWN", "The request body could not be read to its end");
        }
    }

    static MatrixException tooLarge(long limit) {
        return new BodyTooLargeException(limit).toMatrix();
    }

    /** An error the container raised itself and dispatched here as its error page. */
    private static MatrixException containerError(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 ? i : 500;
        return status == 404 || status == 405
                ? MatrixException.unrecognized(status, "Unrecognized request")
                : new MatrixException(status, "M_UNKNOWN", status >= 500 ? "Internal server error" : "Bad request");
    }

    private void answerLater(Exchange ex, RouteResponse answer) {
        AsyncContext async = ex.request.startAsync();
        async.setTimeout(0); // the route owns its timeout (a long poll answers when it is due)
        AtomicBoolean done = new AtomicBoolean();
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                if (done.compareAndSet(false, true)) {
                    error(ex, new MatrixException(504, "M_UNKNOWN", "The request timed out"));
                    finish(ex);
                    async.complete();
                }
            }

            @Override
            public void onError(AsyncEvent event) {
                if (done.compareAndSet(false, true)) {
                    LOG.debug("Connection failed while {} {} was pending", ex.request.getMethod(),
                            ex.request.getRequestURI(), event.getThrowable());
                    finish(ex);
                }
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        answer.later().whenComplete((result, failure) -> {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            try {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause instanceof MatrixException e) {
                    error(ex, e);
                } else if (cause != null) {
                    unexpected(ex, cause);
                } else if (result.later() != null) {
                    unexpected(ex, new IllegalStateException("a later response completed with another later response"));
                } else {
                    write(ex, result);
                }
            } catch (Throwable e) {
                unexpected(ex, e);
            } finally {
                finish(ex);
                if (ex.bodyRead) {
                    EndOnIoThread.complete(ex.request, async);
                } else {
                    async.complete();
                }
            }
        });
    }

    /** Writes the answer; a client gone away leaves nothing to write to, which is no server failure. */
    private void write(Exchange ex, RouteResponse answer) throws IOException {
        byte[] body = responses.serialise(answer); // a value that cannot be written fails here, before the status is set
        ex.status = answer.status();
        try {
            if (answer.stream() != null) {
                responses.stream(ex.response, answer);
                return;
            }
            responses.write(ex.response, answer, body);
        } catch (IOException e) {
            LOG.debug("Could not send {} to {}: {}", answer.status(), ex.request.getRemoteAddr(), e.toString());
        }
    }

    private void error(Exchange ex, MatrixException error) {
        try {
            write(ex, responses.errorAnswer(error));
        } catch (IOException | RuntimeException e) {
            unexpected(ex, e);
        }
    }

    private void unexpected(Exchange ex, Throwable e) {
        String ref = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("Unexpected failure [ref {}] in {} {}", ref, ex.request.getMethod(), ex.request.getRequestURI(), e);
        ex.status = 500;
        if (ex.response.isCommitted()) {
            return; // part of the answer is out: the connection is closed with the exchange
        }
        try {
            ex.response.reset();
            Cors.addHeaders(ex.response);
            RouteResponse answer = responses.errorAnswer(
                    new MatrixException(500, "M_UNKNOWN", "Internal server error [ref " + ref + "]"));
            responses.write(ex.response, answer, responses.serialise(answer));
        } catch (IOException | RuntimeException again) {
            LOG.debug("Could not send the 500 of [ref {}]", ref, again);
        }
    }

    private void finish(Exchange ex) {
        log.record(ex.request.getRemoteAddr(), ex.request.getMethod(), ex.request.getRequestURI(), ex.route,
                ex.status, ex.start);
    }
}
