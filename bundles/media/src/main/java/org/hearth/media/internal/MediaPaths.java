package org.hearth.media.internal;

import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.id.ServerName;

/** The {@code {serverName}/{mediaId}} of a media path, checked (Client-Server API, "Security considerations"). */
final class MediaPaths {
    private MediaPaths() {
    }

    /** 400 {@code M_INVALID_PARAM} unless it is a valid server name. */
    static ServerName serverName(RouteRequest request) throws MatrixException {
        String text = request.pathParam("serverName");
        if (!ServerName.isValid(text)) {
            throw MatrixException.invalidParam("Invalid server name");
        }
        return new ServerName(text);
    }

    /** 400 {@code M_INVALID_PARAM} unless it is {@code [A-Za-z0-9_-]{1,255}}: a traversal never gets further. */
    static String mediaId(RouteRequest request) throws MatrixException {
        String mediaId = request.pathParam("mediaId");
        if (!MediaIds.isValid(mediaId)) {
            throw MatrixException.invalidParam("Invalid media ID");
        }
        return mediaId;
    }
}
