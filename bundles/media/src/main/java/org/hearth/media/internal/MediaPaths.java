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

    /** See {@link MediaIds#checked}. */
    static String mediaId(RouteRequest request) throws MatrixException {
        return MediaIds.checked(request.pathParam("mediaId"));
    }
}
