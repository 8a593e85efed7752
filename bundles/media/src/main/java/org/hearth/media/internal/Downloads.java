package org.hearth.media.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.ServerName;
import org.hearth.media.internal.store.FileStore;
import org.hearth.media.internal.store.MediaIndex;
import org.hearth.media.internal.store.MediaRecord;
import org.hearth.media.internal.thumbnail.ThumbnailSize.Method;
import org.hearth.media.internal.thumbnail.Thumbnails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serving media and thumbnails, for the authenticated endpoints ({@code /_matrix/client/v1/media})
 * and the deprecated unauthenticated ones ({@code /_matrix/media/v3}).
 *
 * <ul>
 *   <li>The server name and media ID of the path are checked first: a media ID that is not
 *       {@code [A-Za-z0-9_-]{1,255}} (a traversal, a NUL, anything odd) is 400
 *       {@code M_INVALID_PARAM}, and never becomes a path: files are named by their hashes.</li>
 *   <li>Media of other servers go to {@link RemoteMedia} (404 until federation is there).</li>
 *   <li>The unauthenticated endpoints are frozen (Client-Server API, "Client behaviour", v1.11):
 *       they serve only media uploaded before {@code media.freeze_unauthenticated_at}, 404 for
 *       the rest.</li>
 *   <li>A media ID reserved but not uploaded yet is waited for up to {@code timeout_ms} (default
 *       20 s, at most 60 s) without holding a thread, then 504 {@code M_NOT_YET_UPLOADED}.</li>
 * </ul>
 */
final class Downloads {
    private static final Logger LOG = LoggerFactory.getLogger(Downloads.class);
    private static final long DEFAULT_TIMEOUT_MS = 20_000;
    private static final long MAX_TIMEOUT_MS = 60_000;
    private static final int MAX_DIMENSION = 10_000;

    private final MediaSettings settings;
    private final FileStore files;
    private final MediaIndex index;
    private final Thumbnails thumbnails;
    private final PendingUploads pending;
    private final RemoteMedia remote;

    Downloads(MediaSettings settings, FileStore files, MediaIndex index, Thumbnails thumbnails, PendingUploads pending,
              RemoteMedia remote) {
        this.settings = settings;
        this.files = files;
        this.index = index;
        this.thumbnails = thumbnails;
        this.pending = pending;
        this.remote = remote;
    }

    /** The media's bytes, under the name of the path (when given) or of the upload. */
    RouteResponse download(RouteRequest request, boolean authenticated) throws MatrixException {
        Optional<String> fileName = request.optionalPathParam("fileName").filter(name -> !name.isEmpty());
        if (fileName.isPresent()) {
            FileNames.check(fileName.get(), "fileName");
        }
        return answer(request, authenticated, false, media -> {
            String name = fileName.orElse(media.filename());
            return stream(media.contentHash(), media.contentType(), media.size(),
                    FileNames.disposition(MediaTypes.inline(media.contentType()), name));
        });
    }

    /** A thumbnail of the media (see {@link Thumbnails}). */
    RouteResponse thumbnail(RouteRequest request, boolean authenticated) throws MatrixException {
        int width = dimension(request, "width");
        int height = dimension(request, "height");
        Method method = Method.parse(request.queryParam("method").orElse("scale"))
                .orElseThrow(() -> MatrixException.invalidParam("method must be scale or crop"));
        boolean animated = flag(request, "animated");
        return answer(request, authenticated, true, media -> {
            try {
                Thumbnails.Answer answer = thumbnails.thumbnail(media, width, height, method, animated);
                if (answer instanceof Thumbnails.Thumbnail t) {
                    return stream(t.stored().contentHash(), t.stored().contentType(), t.stored().size(),
                            FileNames.disposition(true, "thumbnail." + extension(t.stored().contentType())));
                }
                Thumbnails.Original original = (Thumbnails.Original) answer;
                String type = original.format().contentType();
                return stream(media.contentHash(), type, media.size(),
                        FileNames.disposition(true, "thumbnail." + extension(type)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @FunctionalInterface
    private interface Answer {
        RouteResponse to(MediaRecord media) throws MatrixException;
    }

    private RouteResponse answer(RouteRequest request, boolean authenticated, boolean thumbnail, Answer answer)
            throws MatrixException {
        ServerName server = MediaPaths.serverName(request);
        String mediaId = MediaPaths.mediaId(request);
        long timeoutMs = timeout(request);
        if (!server.equals(settings.serverName())) {
            return remote.fetch(server, mediaId, thumbnail);
        }
        MediaRecord media = find(mediaId, authenticated);
        if (media.uploaded()) {
            return answer.to(media);
        }
        // Reserved by POST /create, not uploaded yet: wait for the upload, then look again.
        return RouteResponse.later(pending.await(mediaId, timeoutMs).handleAsync((uploaded, failure) -> {
            try {
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof TimeoutException) {
                        throw new MatrixException(504, "M_NOT_YET_UPLOADED", "Content has not yet been uploaded");
                    }
                    throw new IllegalStateException(cause);
                }
                MediaRecord now = find(mediaId, authenticated);
                return answer.to(now);
            } catch (MatrixException e) {
                throw new CompletionException(e);
            }
        }));
    }

    private MediaRecord find(String mediaId, boolean authenticated) throws MatrixException {
        MediaRecord media = index.find(mediaId).orElseThrow(() -> MatrixException.notFound("Media not found"));
        long uploaded = media.uploadedAt() != null ? media.uploadedAt() : media.createdAt();
        if (!authenticated && uploaded >= settings.unauthenticatedUntil().toEpochMilli()) {
            throw MatrixException.notFound("Media not found (use the authenticated /_matrix/client/v1/media endpoints)");
        }
        return media;
    }

    private RouteResponse stream(String hash, String contentType, long size, String disposition) throws MatrixException {
        InputStream in;
        try {
            in = files.open(hash);
        } catch (NoSuchFileException e) {
            LOG.error("The media store has lost file {}", hash);
            throw MatrixException.notFound("Media not found");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return MediaResponses.secured(RouteResponse.stream(200, contentType, size, in)
                .header("Content-Disposition", disposition));
    }

    private static int dimension(RouteRequest request, String name) throws MatrixException {
        String text = request.queryParam(name).orElseThrow(() -> MatrixException.missingParam(name + " is required"));
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= MAX_DIMENSION) {
                return value;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw MatrixException.invalidParam(name + " must be a whole number from 1 to " + MAX_DIMENSION);
    }

    private static boolean flag(RouteRequest request, String name) throws MatrixException {
        String text = request.queryParam(name).orElse("false");
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw MatrixException.invalidParam(name + " must be true or false");
        };
    }

    private static long timeout(RouteRequest request) throws MatrixException {
        Optional<String> text = request.queryParam("timeout_ms");
        if (text.isEmpty()) {
            return DEFAULT_TIMEOUT_MS;
        }
        try {
            long value = Long.parseLong(text.get());
            if (value >= 0) {
                return Math.min(Math.max(value, 1), MAX_TIMEOUT_MS);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw MatrixException.invalidParam("timeout_ms must be a whole number of milliseconds");
    }

    private static String extension(String contentType) {
        return switch (contentType) {
            case "image/jpeg" -> "jpg";
            case "image/gif" -> "gif";
            case "image/webp" -> "webp";
            default -> "png";
        };
    }
}
