package org.hearth.http.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.hearth.api.MatrixException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * The outermost handler, around the servlet container: what goes wrong before the servlet runs
 * (a request target that is no path, such as {@code OPTIONS *} or {@code CONNECT host:443}; any
 * failure of the container itself) is answered in Matrix JSON with an access-log line, never
 * with Undertow's empty or HTML pages.
 */
final class ErrorBoundary implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorBoundary.class);

    private final HttpHandler next;
    private final JsonResponses responses;
    private final AccessLog log;

    ErrorBoundary(HttpHandler next, JsonResponses responses, AccessLog log) {
        this.next = next;
        this.responses = responses;
        this.log = log;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        long start = System.nanoTime();
        if (!exchange.getRequestPath().startsWith("/")) {
            // OPTIONS *, CONNECT host:port: no resource of this server
            answer(exchange, MatrixException.unrecognized(404, "Unrecognized request"), start);
            return;
        }
        try {
            next.handleRequest(exchange);
        } catch (Throwable e) {
            String ref = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("Unexpected failure [ref {}] in {} {}", ref, exchange.getRequestMethod(), exchange.getRequestURI(), e);
            if (exchange.isResponseStarted()) {
                IoUtils.safeClose(exchange.getConnection());
                log.record(address(exchange), exchange.getRequestMethod().toString(), exchange.getRequestURI(),
                        "unmatched", exchange.getStatusCode(), start);
            } else {
                answer(exchange, new MatrixException(500, "M_UNKNOWN", "Internal server error [ref " + ref + "]"), start);
            }
        }
    }

    private void answer(HttpServerExchange exchange, MatrixException error, long start) {
        exchange.setStatusCode(error.status());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(new HttpString("Access-Control-Allow-Origin"), "*");
        exchange.getResponseSender().send(ByteBuffer.wrap(responses.errorBody(error)));
        log.record(address(exchange), exchange.getRequestMethod().toString(), exchange.getRequestURI(), "unmatched",
                error.status(), start);
    }

    private static String address(HttpServerExchange exchange) {
        var source = exchange.getSourceAddress();
        return source != null && source.getAddress() != null ? source.getAddress().getHostAddress() : "-";
    }
}
