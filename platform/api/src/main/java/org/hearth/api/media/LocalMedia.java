package org.hearth.api.media;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.hearth.api.MatrixException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The media uploaded to this server, by media ID (the path of an {@code mxc://} URI of this
 * server), as the media repository serves it. Failures are the Matrix errors the content
 * repository answers, thrown or completing the stage: 400 {@code M_INVALID_PARAM} for an ID that
 * is not {@code [A-Za-z0-9_-]{1,255}}, 404 {@code M_NOT_FOUND} for unknown media, 504
 * {@code M_NOT_YET_UPLOADED} when media reserved by {@code POST /_matrix/media/v1/create} is not
 * uploaded within the timeout (waited for without holding a thread).
 *
 * <p>Other servers' media are not here: the media bundle fetches them with
 * {@link org.hearth.api.federation.RemoteServers#media}.
 */
@ProviderType
public interface LocalMedia {
    /** The spec's default {@code timeout_ms}. */
    long DEFAULT_TIMEOUT_MS = 20_000;
    /** The most this server waits, whatever {@code timeout_ms} asks ("SHOULD impose a maximum"). */
    long MAX_TIMEOUT_MS = 60_000;

    /** The media itself, once uploaded; waited for at most {@link #MAX_TIMEOUT_MS}, whatever {@code timeoutMs} says. */
    CompletionStage<MediaContent> download(String mediaId, long timeoutMs) throws MatrixException;

    /** A thumbnail of the media, once uploaded (the original when it is small enough); waited for as {@link #download}. */
    CompletionStage<MediaContent> thumbnail(String mediaId, ThumbnailSpec spec, long timeoutMs) throws MatrixException;

    /**
     * The {@code timeout_ms} query parameter in milliseconds: {@link #DEFAULT_TIMEOUT_MS} when
     * absent; 400 {@code M_INVALID_PARAM} unless a whole number of zero or more. The media
     * repository bounds the wait ({@link #MAX_TIMEOUT_MS}).
     */
    static long timeoutMs(Optional<String> text) throws MatrixException {
        if (text.isEmpty()) {
            return DEFAULT_TIMEOUT_MS;
        }
        try {
            long value = Long.parseLong(text.get());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw MatrixException.invalidParam("timeout_ms must be a whole number of milliseconds");
    }
}
