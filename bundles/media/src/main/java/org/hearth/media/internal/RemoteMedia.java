package org.hearth.media.internal;

import org.hearth.api.MatrixException;
import org.hearth.api.id.ServerName;
import org.hearth.api.http.RouteResponse;

/**
 * Media of other servers. Hearth has no federation client yet, so every remote media is 404
 * {@code M_NOT_FOUND}; when the federation bundle offers one (through {@code org.hearth.api}), an
 * implementation that fetches over {@code /_matrix/federation/v1/media/download} and caches the
 * file in the same store is plugged in here, and {@link Downloads} does not change.
 */
interface RemoteMedia {
    RemoteMedia NONE = (server, mediaId, thumbnail) -> {
        throw MatrixException.notFound("Remote media is not available on this server (no federation)");
    };

    /** The remote media (or its thumbnail) as a response; 404 when the remote server does not have it. */
    RouteResponse fetch(ServerName server, String mediaId, boolean thumbnail) throws MatrixException;
}
