package org.hearth.http.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.osgi.framework.Constants;

/** Reads the {@link MatrixRoute} service properties of a route into route-table entries. */
final class RouteProperties {
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE");

    private RouteProperties() {
    }

    /** One entry per path template; IllegalArgumentException naming the property that is wrong. */
    static List<RouteTable.Entry> entries(Object key, Route route, Map<String, Object> properties) {
        if (!(properties.get(MatrixRoute.METHOD) instanceof String method)
                || !METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException(MatrixRoute.METHOD + " must be one of " + METHODS);
        }
        Access access = access(properties.get(MatrixRoute.ACCESS));
        String rateLimit = properties.get(MatrixRoute.RATE_LIMIT) instanceof String s ? s : "";
        if (!rateLimit.isEmpty() && !RateLimits.CLASSES.contains(rateLimit)) {
            throw new IllegalArgumentException(MatrixRoute.RATE_LIMIT + ": unknown class " + rateLimit);
        }
        boolean streamBody = Boolean.TRUE.equals(properties.get(MatrixRoute.STREAM_BODY));
        int ranking = properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
        List<RouteTable.Entry> entries = new ArrayList<>();
        for (String path : paths(properties.get(MatrixRoute.PATH))) {
            entries.add(new RouteTable.Entry(key, method.toUpperCase(Locale.ROOT), PathTemplate.parse(path), ranking,
                    access, rateLimit, streamBody, route));
        }
        return entries;
    }

    private static Access access(Object value) {
        if (value == null) {
            return Access.USER; // the annotation's default, for services registered by hand
        }
        try {
            return Access.valueOf(value.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MatrixRoute.ACCESS + ": unknown access " + value);
        }
    }

    private static List<String> paths(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            out.add(s);
        } else if (value instanceof String[] array) {
            out.addAll(List.of(array));
        } else if (value instanceof Collection<?> c) {
            c.forEach(p -> out.add(String.valueOf(p)));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(MatrixRoute.PATH + " must name at least one path template");
        }
        return out;
    }
}
