package org.hearth.media.internal.thumbnail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.media.internal.store.Blob;
import org.hearth.media.internal.store.FileStore;
import org.hearth.media.internal.store.MediaIndex;
import org.hearth.media.internal.store.MediaRecord;
import org.hearth.media.internal.store.StoredThumbnail;
import org.hearth.api.media.ThumbnailSpec.Method;

/**
 * Thumbnails of local media: made on the first request for a configured size, stored once per
 * (media, size, method), served from the store after that (Client-Server API, "Thumbnails").
 *
 * <ul>
 *   <li>The format is told by the file's first bytes (PNG, JPEG, GIF, WebP); anything else is
 *       400 {@code M_UNKNOWN}. An image of more than {@code max_thumbnail_pixels} is 413
 *       {@code M_TOO_LARGE}, checked from its header before any pixel is decoded.</li>
 *   <li>An image no larger than requested is served as it is (the spec's "return the original
 *       content"), and so is one no configured size covers; an animated GIF or WebP only when the
 *       client asked for {@code animated=true}: otherwise its first frame, as a PNG.</li>
 *   <li>At most as many images are decoded at once as there are cores; two requests for the same
 *       thumbnail make it once.</li>
 * </ul>
 */
public final class Thumbnails {
    private static final int LOCK_STRIPES = 64;

    /** What answers a thumbnail request. */
    public sealed interface Answer permits Original, Thumbnail {}

    /** The media itself, an image of this format. */
    public record Original(ImageFormat format) implements Answer {}

    /** A stored thumbnail. */
    public record Thumbnail(StoredThumbnail stored) implements Answer {}

    private final FileStore files;
    private final MediaIndex index;
    private final ThumbnailSizes sizes;
    private final long maxPixels;
    private final Clock clock;
    private final Semaphore decoders = new Semaphore(Runtime.getRuntime().availableProcessors());
    private final ReentrantLock[] makers = new ReentrantLock[LOCK_STRIPES];

    public Thumbnails(FileStore files, MediaIndex index, ThumbnailSizes sizes, long maxPixels, Clock clock) {
        this.files = files;
        this.index = index;
        this.sizes = sizes;
        this.maxPixels = maxPixels;
        this.clock = clock;
        for (int i = 0; i < makers.length; i++) {
            makers[i] = new ReentrantLock();
        }
    }

    /** The thumbnail of an uploaded local media (or a fetched remote one) for a request of at least {@code width} x {@code height}. */
    public Answer thumbnail(MediaRecord media, int width, int height, Method method, boolean animated)
            throws MatrixException, IOException {
        Path file = files.path(media.contentHash());
        ImageCodec.Info info = ImageCodec.inspect(file).orElseThrow(Thumbnails::cannotThumbnail);
        if (info.pixels() > maxPixels) {
            throw MatrixException.tooLarge("Content is too large to thumbnail");
        }
        boolean originalAllowed = !info.animated() || animated;
        ThumbnailSize firstFrame = new ThumbnailSize(info.width(), info.height(), Method.SCALE);
        Optional<ThumbnailSize> chosen = info.width() <= width && info.height() <= height
                ? Optional.empty() : sizes.choose(width, height, method);
        ThumbnailSize box;
        if (chosen.isEmpty() || fitsUnchanged(info, chosen.get())) {
            if (originalAllowed) {
                return new Original(info.format());
            }
            box = firstFrame;
        } else {
            box = chosen.get();
        }
        return new Thumbnail(stored(media, file, info, box));
    }

    /** Scaling into the box would leave the image as it is. */
    private static boolean fitsUnchanged(ImageCodec.Info info, ThumbnailSize box) {
        return box.method() == Method.SCALE && info.width() <= box.width() && info.height() <= box.height();
    }

    private StoredThumbnail stored(MediaRecord media, Path file, ImageCodec.Info info, ThumbnailSize box)
            throws MatrixException, IOException {
        String method = box.method().text();
        Optional<StoredThumbnail> cached = index.thumbnail(media, box.width(), box.height(), method);
        if (cached.isPresent()) {
            return cached.get();
        }
        String key = media.origin() + "/" + media.mediaId() + box;
        ReentrantLock maker = makers[Math.floorMod(key.hashCode(), LOCK_STRIPES)];
        maker.lock();
        try {
            cached = index.thumbnail(media, box.width(), box.height(), method); // made while this one waited?
            if (cached.isPresent()) {
                return cached.get();
            }
            Thumbnailer.Made made = make(file, info, box);
            Blob blob = files.write(made.bytes());
            index.addThumbnail(media, box.width(), box.height(), method, blob, made.contentType(), clock.millis());
            return new StoredThumbnail(blob.hash(), made.contentType(), blob.size());
        } finally {
            maker.unlock();
        }
    }

    private Thumbnailer.Made make(Path file, ImageCodec.Info info, ThumbnailSize box) throws MatrixException {
        try {
            decoders.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MatrixException(503, "M_UNKNOWN", "The server is stopping");
        }
        try {
            return Thumbnailer.make(file, info, box);
        } catch (IOException | RuntimeException e) {
            throw cannotThumbnail();
        } finally {
            decoders.release();
        }
    }

    private static MatrixException cannotThumbnail() {
        return new MatrixException(400, "M_UNKNOWN", "Cannot generate thumbnails for the requested content");
    }
}
