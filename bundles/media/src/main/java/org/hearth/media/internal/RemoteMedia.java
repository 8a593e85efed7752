package org.hearth.media.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.federation.RemoteServers;
import org.hearth.api.id.ServerName;
import org.hearth.api.media.MediaContent;
import org.hearth.media.internal.store.Blob;
import org.hearth.media.internal.store.FileStore;
import org.hearth.media.internal.store.MediaIndex;
import org.hearth.media.internal.store.MediaRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Media of other servers: fetched once over federation ({@link RemoteServers#media}, Server-Server
 * API, "Content Repository"), kept in the same store and indexed under (origin, media ID), so
 * later downloads and thumbnails are served from here by {@link Downloads} as for local media
 * (thumbnails are made here from the kept original). Without a federation bundle, only media
 * kept before are served; the rest is 404 {@code M_NOT_FOUND}.
 *
 * <ul>
 *   <li>Requests for the same media while it is being fetched wait for that fetch.</li>
 *   <li>At most {@code media.max_upload_size} bytes are fetched: larger media are not kept.</li>
 *   <li>The remote's media type is kept when well-formed ({@link MediaTypes#ofUpload}); the
 *       {@code Content-Disposition} served is this server's own, as for uploads.</li>
 *   <li>Errors as Synapse answers them: a remote 404 is 404 {@code M_NOT_FOUND}, a server this one
 *       does not federate with 403 {@code M_FORBIDDEN}, anything else 502 {@code M_UNKNOWN}.</li>
 *   <li>The frozen unauthenticated endpoints serve remote media kept before
 *       {@code media.freeze_unauthenticated_at} and fetch nothing after it.</li>
 * </ul>
 */
final class RemoteMedia {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteMedia.class);

    private record Key(ServerName server, String mediaId) {}

    private final MediaSettings settings;
    private final FileStore files;
    private final MediaIndex index;
    private final Supplier<RemoteServers> federation;
    private final Clock clock;
    private final ConcurrentMap<Key, CompletableFuture<MediaRecord>> fetching = new ConcurrentHashMap<>();

    /**
     * @param federation the federation bundle's service now, or null when there is none
     */
    RemoteMedia(MediaSettings settings, FileStore files, MediaIndex index, Supplier<RemoteServers> federation,
                Clock clock) {
        this.settings = settings;
        this.files = files;
        this.index = index;
        this.federation = federation;
        this.clock = clock;
    }

    /** The media, kept here or fetched now (done), or being fetched by another request (pending). */
    CompletableFuture<MediaRecord> media(ServerName server, String mediaId, boolean authenticated)
            throws MatrixException {
        long cutOff = settings.unauthenticatedUntil().toEpochMilli();
        Optional<MediaRecord> kept = index.findRemote(server.value(), mediaId);
        if (kept.isPresent() && (authenticated || kept.get().uploadedAt() < cutOff)) {
            return CompletableFuture.completedFuture(kept.get());
        }
        if (kept.isPresent() || (!authenticated && clock.millis() >= cutOff)) {
            throw MatrixException.notFound("Media not found (use the authenticated /_matrix/client/v1/media endpoints)");
        }
        Key key = new Key(server, mediaId);
        CompletableFuture<MediaRecord> mine = new CompletableFuture<>();
        CompletableFuture<MediaRecord> running = fetching.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        try {
            // kept by a fetch that ended between the look-up above and this one's start?
            MediaRecord media = index.findRemote(server.value(), mediaId).orElse(null);
            mine.complete(media != null ? media : fetch(server, mediaId));
            return mine;
        } catch (MatrixException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            fetching.remove(key, mine);
        }
    }

    private MediaRecord fetch(ServerName server, String mediaId) throws MatrixException {
        RemoteServers remote = federation.get();
        if (remote == null) {
            throw MatrixException.notFound("Remote media is not available on this server (no federation)");
        }
        MediaContent content;
        try {
            content = remote.media(server, mediaId, Optional.empty(), settings.maxUploadBytes());
        } catch (RemoteException e) {
            throw failure(server, mediaId, e);
        }
        try (InputStream in = content.bytes()) {
            Blob blob = files.write(in);
            MediaRecord media = MediaRecord.remote(server.value(), mediaId, clock.millis(), blob,
                    MediaTypes.ofUpload(content.contentType()), content.fileName().filter(FileNames::valid).orElse(null));
            index.addRemote(media);
            LOG.debug("Fetched media {} of {} ({} bytes)", mediaId, server, blob.size());
            return media;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MatrixException failure(ServerName server, String mediaId, RemoteException e) {
        if (e.kind() == RemoteException.Kind.ERROR_RESPONSE && e.status() == 404) {
            return MatrixException.notFound("Media not found");
        }
        if (e.kind() == RemoteException.Kind.NOT_ALLOWED) {
            return new MatrixException(403, "M_FORBIDDEN", "Federation with " + server + " is not allowed");
        }
        LOG.info("Could not fetch media {} of {}: {}", mediaId, server, e.getMessage());
        return new MatrixException(502, "M_UNKNOWN", "Failed to fetch remote media");
    }
}
