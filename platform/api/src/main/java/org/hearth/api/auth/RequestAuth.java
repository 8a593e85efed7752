package org.hearth.api.auth;

import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Resolves the access token of a request (Client-Server API, "Client Authentication"). Provided
 * by core; the HTTP front door calls it for every route whose access needs a user, so routes
 * never call it themselves ({@link RouteRequest#requester()}).
 */
@ProviderType
public interface RequestAuth {
    /**
     * The requester, or: 401 {@code M_MISSING_TOKEN} without a token; 401 {@code M_UNKNOWN_TOKEN}
     * for an unknown or revoked token, with {@code soft_logout: true} when it merely expired.
     */
    Requester require(RouteRequest request) throws MatrixException;
}
