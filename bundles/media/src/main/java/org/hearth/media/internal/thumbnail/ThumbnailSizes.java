package org.hearth.media.internal.thumbnail;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.hearth.api.media.ThumbnailSpec.Method;

/**
 * Which configured size answers a thumbnail request. Thumbnails are made only in these sizes, so
 * a media has at most as many thumbnails as the list has entries, whatever clients ask for.
 *
 * <p>The dimensions requested are the smallest the client wants: the answer is the smallest
 * configured size of the requested method that is at least as large in both dimensions, else of
 * the other method; when none is, the original is served (never a smaller image than asked for,
 * Client-Server API, "Thumbnails").
 */
public final class ThumbnailSizes {
    private final List<ThumbnailSize> sizes;

    public ThumbnailSizes(List<ThumbnailSize> sizes) {
        this.sizes = List.copyOf(sizes);
    }

    /** The size to make, or empty when only the original is large enough. */
    public Optional<ThumbnailSize> choose(int width, int height, Method method) {
        Optional<ThumbnailSize> same = smallestCovering(width, height, method);
        return same.isPresent() ? same
                : smallestCovering(width, height, method == Method.SCALE ? Method.CROP : Method.SCALE);
    }

    private Optional<ThumbnailSize> smallestCovering(int width, int height, Method method) {
        return sizes.stream()
                .filter(s -> s.method() == method && s.covers(width, height))
                .min(Comparator.comparingLong(ThumbnailSize::area));
    }
}
