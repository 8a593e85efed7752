package org.hearth.http.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.Route;

/**
 * The routes currently served. Bundles come and go while requests are answered, so the table
 * is an immutable snapshot swapped on every change: a lookup never takes a lock.
 */
final class RouteTable {

    /**
     * One path of a registered route; {@code key} identifies the service that contributed it
     * (a route with several paths has one entry for each).
     */
    record Entry(Object key, String method, PathTemplate template, int ranking, Access access, String rateLimit,
                 boolean streamBody, Route route) {}

    /** The outcome of a lookup. */
    sealed interface Match permits Found, WrongMethod, NotFound {}

    record Found(Entry entry, Map<String, String> params) implements Match {}

    record WrongMethod(Set<String> allowed) implements Match {}

    record NotFound() implements Match {}

    // Most specific template first (more literal segments), then higher service ranking.
    private static final Comparator<Entry> PRECEDENCE = Comparator
            .comparingInt((Entry e) -> -e.template().literalCount())
            .thenComparingInt(e -> -e.ranking());

    private static final String LEGACY_CLIENT_PREFIX = "/_matrix/client/r0/";
    private static final String CLIENT_PREFIX = "/_matrix/client/v3/";

    private volatile List<Entry> entries = List.of();

    synchronized void add(List<Entry> added) {
        List<Entry> next = new ArrayList<>(entries);
        next.addAll(added);
        next.sort(PRECEDENCE);
        entries = List.copyOf(next);
    }

    synchronized void remove(Object key) {
        List<Entry> next = new ArrayList<>(entries);
        next.removeIf(e -> e.key().equals(key));
        entries = List.copyOf(next);
    }

    /**
     * Finds the route for a request. A path under the legacy prefix {@code /_matrix/client/r0/}
     * that has no route of its own is served by the {@code /_matrix/client/v3/} route: the
     * endpoints kept their shapes when the spec renamed the prefix (v1.1), and clients such as
     * matrix-nio 0.20 (Debian 12) still send r0. 400 {@code M_INVALID_PARAM} when a placeholder's
     * value is not percent-encoded UTF-8 or holds NUL.
     */
    Match find(String method, String rawPath) throws MatrixException {
        Match match = findExact(method, rawPath);
        if (match instanceof NotFound && rawPath.startsWith(LEGACY_CLIENT_PREFIX)) {
            return findExact(method, CLIENT_PREFIX + rawPath.substring(LEGACY_CLIENT_PREFIX.length()));
        }
        return match;
    }

    private Match findExact(String method, String rawPath) throws MatrixException {
        String[] segments = PathTemplate.segments(rawPath);
        Set<String> allowed = null;
        for (Entry e : entries) {
            Map<String, String> params = e.template().match(segments);
            if (params == null) {
                continue;
            }
            if (e.method().equals(method)) {
                return new Found(e, params);
            }
            if (allowed == null) {
                allowed = new TreeSet<>();
            }
            allowed.add(e.method());
        }
        return allowed == null ? new NotFound() : new WrongMethod(allowed);
    }

    int size() {
        return entries.size();
    }
}
