package org.hearth.core.internal.util;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-encoding of one URL path segment (RFC 3986), for requests to other servers. */
public final class PathSegments {
    private PathSegments() {
    }

    public static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
