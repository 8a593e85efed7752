package org.hearth.api.auth;

import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.id.ServerName;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Verifies the {@code Authorization: X-Matrix} signature of a request from another homeserver
 * (Server-Server API, "Request Authentication"). Provided by the federation bundle; without it,
 * routes of {@link org.hearth.api.http.Access#SERVER} access answer 404 {@code M_UNRECOGNIZED},
 * as a server without federation would.
 */
@ConsumerType
public interface ServerAuth {
    /** The origin server, or 401 {@code M_UNAUTHORIZED} / 403 {@code M_FORBIDDEN}. */
    ServerName verify(RouteRequest request) throws MatrixException;
}
