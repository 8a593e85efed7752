package org.hearth.api.media;

import java.io.InputStream;
import java.util.Optional;

/**
 * Media (or a thumbnail) ready to send: its headers and its bytes, opened. Whoever receives it
 * closes {@link #bytes()}.
 *
 * @param contentType        the media type, as uploaded (or of the thumbnail)
 * @param size               the number of bytes {@link #bytes()} gives, or {@link #UNKNOWN_SIZE} when
 *                           it is known only once read (media streamed from another server)
 * @param fileName           the name given at upload; empty for none (and for thumbnails)
 * @param contentDisposition the {@code Content-Disposition} value the media repository serves it
 *                           with ({@code inline} only for the spec's safe types)
 */
public record MediaContent(String contentType, long size, Optional<String> fileName, String contentDisposition,
                           InputStream bytes) {
    public static final long UNKNOWN_SIZE = -1;
}
