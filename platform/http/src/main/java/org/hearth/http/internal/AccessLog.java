package org.hearth.http.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log (logger {@code hearth.access}) and the request metric, written in one place for
 * every answer the server gives: by the servlet, by the handler around it, and for requests
 * Undertow could not even parse. Client address, method, path without the query string (which
 * may hold an access token), status, duration.
 */
final class AccessLog {
    private static final Logger ACCESS = LoggerFactory.getLogger("hearth.access");

    private final HttpMetrics metrics;

    AccessLog(HttpMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * @param routeLabel the matched route's template, or a fixed word such as {@code unmatched}:
     *                   never the raw path, which would explode the metric's label space
     */
    void record(String remoteAddress, String method, String path, String routeLabel, int status, long startNanos) {
        long nanos = System.nanoTime() - startNanos;
        metrics.observe(method, routeLabel, status, nanos);
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info("{} {} {} {} {}ms", remoteAddress, method, path, status, millis(nanos));
        }
    }

    /**
     * Milliseconds with one decimal ({@code 12.3}), rounded half up; by hand because
     * {@code String.format} was 5% of the server's CPU on the send path (JFR).
     */
    static String millis(long nanos) {
        long tenths = (Math.max(0, nanos) + 50_000) / 100_000;
        return (tenths / 10) + "." + (tenths % 10);
    }
}
