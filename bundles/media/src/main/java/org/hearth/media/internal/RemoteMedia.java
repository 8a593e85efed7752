package org.hearth.media.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 *   <li>Fetches run on {@code media.max_concurrent_remote_fetches} threads of their own (default
 *       {@value MediaSettings#DEFAULT_MAX_REMOTE_FETCHES}), so that slow servers never hold the
 *       client API's and the connections and files open at once stay bounded; the media are
 *       streamed into the store as they arrive. Up to {@value #QUEUED} more fetches wait their
 *       turn, past that 429 {@code M_LIMIT_EXCEEDED}, as Synapse answers its remote media
 *       download limit: the client may retry, where a 502 would blame the remote.</li>
 *   <li>Requests for the same media while it is being fetched wait for that fetch.</li>
 *   <li>At most {@code media.max_upload_size} bytes are fetched: larger media are not kept, nor
 *       anything of an answer cut off.</li>
 *   <li>The remote's media type is kept when well-formed ({@link MediaTypes#ofUpload}); the
 *       {@code Content-Disposition} served is this server's own, as for uploads.</li>
 *   <li>Errors as Synapse answers them: a remote 404 is 404 {@code M_NOT_FOUND}, a server this one
 *       does not federate with 403 {@code M_FORBIDDEN}, anything else 502 {@code M_UNKNOWN}.</li>
 *   <li>The frozen unauthenticated endpoints serve remote media kept before
 *       {@code media.freeze_unauthenticated_at} and fetch nothing after it.</li>
 * </ul>
 */
final class RemoteMedia implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteMedia.class);
    static final int QUEUED = 1000;

    private record Key(ServerName server, String mediaId) {}

    private final MediaSettings settings;
    private final FileStore files;
    private final MediaIndex index;
    private final Supplier<RemoteServers> federation;
    private final Clock clock;
    private final ConcurrentMap<Key, CompletableFuture<MediaRecord>> fetching = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor fetchers;
    /** Requests waiting for a fetch now (several may share one). */
    private final AtomicInteger waiting = new AtomicInteger();

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
        AtomicInteger threads = new AtomicInteger();
        int atOnce = settings.maxRemoteFetches();
        fetchers = new ThreadPoolExecutor(atOnce, atOnce, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED),
                task -> {
                    Thread t = new Thread(task, "hearth-media-fetch-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        fetchers.allowCoreThreadTimeOut(true);
    }

    /** Stops fetching: the requests waiting for a fetch, under way or queued, fail (503). */
    @Override
    public void close() {
        fetchers.shutdownNow();
        fetching.values().forEach(f -> f.completeExceptionally(
                new MatrixException(503, "M_UNKNOWN", "The media repository is stopping")));
    }

    /** The media, kept here (done), or fetched by this request or another one (pending). */
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
            return waitedFor(running);
        }
        try {
            fetchers.execute(() -> {
                try {
                    // kept by a fetch that ended between the look-up above and this one's start?
                    MediaRecord media = index.findRemote(server.value(), mediaId).orElse(null);
                    mine.complete(media != null ? media : fetch(server, mediaId));
                } catch (MatrixException | RuntimeException e) {
                    mine.completeExceptionally(e);
                } finally {
                    fetching.remove(key, mine);
                }
            });
        } catch (RejectedExecutionException e) {
            fetching.remove(key, mine);
            throw new MatrixException(429, "M_LIMIT_EXCEEDED", "Too many media of other servers are being fetched");
        }
        return waitedFor(mine);
    }

    /** Requests waiting for media of other servers now ({@code hearth_media_remote_waiting}). */
    int waiting() {
        return waiting.get();
    }

    private CompletableFuture<MediaRecord> waitedFor(CompletableFuture<MediaRecord> fetch) {
        waiting.incrementAndGet();
        return fetch.whenComplete((media, failure) -> waiting.decrementAndGet());
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
        Blob blob;
        try (InputStream in = content.bytes()) {
            blob = files.write(in); // nothing is kept when the stream fails (cut off, too large)
        } catch (IOException e) {
            LOG.info("Could not fetch media {} of {}: {}", mediaId, server, e.toString());
            throw new MatrixException(502, "M_UNKNOWN", "Failed to fetch remote media");
        }
        MediaRecord media = MediaRecord.remote(server.value(), mediaId, clock.millis(), blob,
                MediaTypes.ofUpload(content.contentType()), content.fileName().filter(FileNames::valid).orElse(null));
        index.addRemote(media);
        LOG.debug("Fetched media {} of {} ({} bytes)", mediaId, server, blob.size());
        return media;
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
