package org.hearth.media.internal;

import org.hearth.api.http.RouteResponse;

/** The headers every media answer carries (Client-Server API, "Content repository"). */
final class MediaResponses {
    /** The spec's recommended policy: a page served from the media repository can run nothing. */
    static final String CSP = "sandbox; default-src 'none'; script-src 'none'; plugin-types application/pdf; "
            + "style-src 'unsafe-inline'; object-src 'self';";

    private MediaResponses() {
    }

    static RouteResponse secured(RouteResponse response) {
        return response
                .header("Content-Security-Policy", CSP)
                // (v1.4) web clients may read it with cross-origin isolation on
                .header("Cross-Origin-Resource-Policy", "cross-origin")
                .header("X-Content-Type-Options", "nosniff")
                // a media ID's bytes never change; only the requester's browser keeps them
                .header("Cache-Control", "private, max-age=86400, immutable");
    }
}
