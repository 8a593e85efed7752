package org.hearth.media.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.ServerName;
import org.hearth.api.media.LocalMedia;
import org.hearth.api.media.ThumbnailSpec;
import org.hearth.media.internal.store.FileStore;
import org.hearth.media.internal.store.MediaIndex;
import org.hearth.media.internal.store.MediaRecord;
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
 *   <li>Media of other servers come from {@link RemoteMedia} (fetched once, then kept here), and
 *       are then served the same way.</li>
 *   <li>The unauthenticated endpoints are frozen (Client-Server API, "Client behaviour", v1.11):
 *       they serve only media uploaded before {@code media.freeze_unauthenticated_at}, 404 for
 *       the rest.</li>
 *   <li>A media ID reserved but not uploaded yet is waited for up to {@code timeout_ms} (default
 *       20 s, at most 60 s) without holding a thread, then 504 {@code M_NOT_YET_UPLOADED}.</li>
 * </ul>
 *
 * <p>The same media, found and chosen the same way, go to other servers through
 * {@link ServedMedia} ({@link #uploaded}, {@link #download(MediaRecord, Optional)},
 * {@link #thumbnail(MediaRecord, ThumbnailSpec)}, {@link #open}).
 */
final class Downloads {
    private static final Logger LOG = LoggerFactory.getLogger(Downloads.class);

    /**
     * What a download or a thumbnail serves: a file of the store under these headers.
     *
     * @param fileName the upload's name (or the path's); empty for thumbnails
     */
    record Served(String hash, String contentType, long size, Optional<String> fileName, String disposition) {
    }

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
        return answer(request, authenticated, media -> download(media, fileName));
    }

    /** A thumbnail of the media (see {@link Thumbnails}). */
    RouteResponse thumbnail(RouteRequest request, boolean authenticated) throws MatrixException {
        ThumbnailSpec spec = ThumbnailSpec.parse(request::queryParam);
        return answer(request, authenticated, media -> thumbnail(media, spec));
    }

    /** The media under the given name, else the upload's. */
    Served download(MediaRecord media, Optional<String> fileName) {
        Optional<String> name = fileName.or(() -> Optional.ofNullable(media.filename()));
        return new Served(media.contentHash(), media.contentType(), media.size(), name,
                FileNames.disposition(MediaTypes.inline(media.contentType()), name.orElse(null)));
    }

    /** The thumbnail {@link Thumbnails} chooses or makes, or the original image when it is small enough. */
    Served thumbnail(MediaRecord media, ThumbnailSpec spec) throws MatrixException {
        try {
            Thumbnails.Answer answer = thumbnails.thumbnail(media, spec.width(), spec.height(), spec.method(),
                    spec.animated());
            if (answer instanceof Thumbnails.Thumbnail t) {
                return thumbnailServed(t.stored().contentHash(), t.stored().contentType(), t.stored().size());
            }
            Thumbnails.Original original = (Thumbnails.Original) answer;
            return thumbnailServed(media.contentHash(), original.format().contentType(), media.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Served thumbnailServed(String hash, String contentType, long size) {
        return new Served(hash, contentType, size, Optional.empty(),
                FileNames.disposition(true, "thumbnail." + extension(contentType)));
    }

    @FunctionalInterface
    private interface Answer {
        Served to(MediaRecord media) throws MatrixException;
    }

    private RouteResponse answer(RouteRequest request, boolean authenticated, Answer answer) throws MatrixException {
        ServerName server = MediaPaths.serverName(request);
        String mediaId = MediaPaths.mediaId(request);
        long timeoutMs = LocalMedia.timeoutMs(request.queryParam("timeout_ms"));
        CompletableFuture<MediaRecord> media = server.equals(settings.serverName())
                ? uploaded(mediaId, timeoutMs, authenticated) : remote.media(server, mediaId, authenticated);
        if (media.isDone() && !media.isCompletedExceptionally()) {
            return respond(answer.to(media.join()));
        }
        return RouteResponse.later(media.thenApply(now -> {
            try {
                return respond(answer.to(now));
            } catch (MatrixException e) {
                throw new CompletionException(e);
            }
        }));
    }

    /**
     * The media, uploaded: done at once, or once a media ID reserved by POST /create is uploaded,
     * else failed with 504 {@code M_NOT_YET_UPLOADED} after {@code timeoutMs} (1 ms to
     * {@link LocalMedia#MAX_TIMEOUT_MS}: the spec's "SHOULD impose a maximum"); 404 when unknown.
     */
    CompletableFuture<MediaRecord> uploaded(String mediaId, long timeoutMs, boolean authenticated)
            throws MatrixException {
        MediaRecord media = find(mediaId, authenticated);
        if (media.uploaded()) {
            return CompletableFuture.completedFuture(media);
        }
        long wait = Math.min(Math.max(timeoutMs, 1), LocalMedia.MAX_TIMEOUT_MS);
        return pending.await(mediaId, wait).handleAsync((uploaded, failure) -> {
            try {
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof TimeoutException) {
                        throw new MatrixException(504, "M_NOT_YET_UPLOADED", "Content has not yet been uploaded");
                    }
                    throw new IllegalStateException(cause);
                }
                return find(mediaId, authenticated);
            } catch (MatrixException e) {
                throw new CompletionException(e);
            }
        });
    }

    private MediaRecord find(String mediaId, boolean authenticated) throws MatrixException {
        MediaRecord media = index.find(mediaId).orElseThrow(() -> MatrixException.notFound("Media not found"));
        long uploaded = media.uploadedAt() != null ? media.uploadedAt() : media.createdAt();
        if (!authenticated && uploaded >= settings.unauthenticatedUntil().toEpochMilli()) {
            throw MatrixException.notFound("Media not found (use the authenticated /_matrix/client/v1/media endpoints)");
        }
        return media;
    }

    /** The file's bytes; 404 when the store has lost it. */
    InputStream open(Served served) throws MatrixException {
        try {
            return files.open(served.hash());
        } catch (NoSuchFileException e) {
            LOG.error("The media store has lost file {}", served.hash());
            throw MatrixException.notFound("Media not found");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RouteResponse respond(Served served) throws MatrixException {
        return MediaResponses.secured(RouteResponse.stream(200, served.contentType(), served.size(), open(served))
                .header("Content-Disposition", served.disposition()));
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
