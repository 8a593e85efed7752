package org.hearth.federation.internal.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.id.ServerName;
import org.hearth.api.media.MediaContent;

/**
 * Reads a {@code multipart/mixed} media answer as it arrives (Server-Server API, "Content
 * Repository"; RFC 2046, section 5.1.1), holding a few KiB whatever the media's size: the
 * boundary from the {@code Content-Type}, a first part of JSON metadata (skipped: it is {@code {}}
 * today, at most {@link #MAX_OVERHEAD} bytes), then the media with its {@code Content-Type} and
 * {@code Content-Disposition}, or a {@code Location} where the media is. Parts past the second
 * are ignored; part headers are bounded. Failures found once the media is being read (cut off,
 * larger than allowed) are IOExceptions of its stream, so that nothing of it is kept.
 */
final class MediaAnswer {
    /** What the answer may hold besides the media: boundaries, part headers, the metadata. */
    static final long MAX_OVERHEAD = 64 * 1024;
    private static final int MAX_PART_HEADERS = 8 * 1024;
    private static final Pattern BOUNDARY = Pattern.compile(
            ";\\s*boundary=(?:\"([^\"]{1,70})\"|([^\\s;\"]{1,70}))", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME_EXT = Pattern.compile(
            ";\\s*filename\\*\\s*=\\s*utf-8''([^;\\s]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME = Pattern.compile(
            ";\\s*filename\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^;\\s\"]+))", Pattern.CASE_INSENSITIVE);

    /** The media, or the URL the media are to be fetched from (never both). */
    record Read(MediaContent media, String location) {}

    private MediaAnswer() {
    }

    /**
     * The media of a 2xx answer, streamed from its body: closing the media's stream closes the
     * answer ({@code close}). On failure, and for a {@code Location}, the answer is closed here.
     *
     * @param contentType the answer's {@code Content-Type}, null when it has none
     */
    static Read read(ServerName server, String contentType, InputStream body, Runnable close, long maxBytes)
            throws RemoteException {
        try {
            String type = Optional.ofNullable(contentType).orElse("");
            Matcher boundary = BOUNDARY.matcher(type);
            if (!type.toLowerCase(Locale.ROOT).startsWith("multipart/mixed") || !boundary.find()) {
                throw bad(server, "media answered as " + type + ", not multipart/mixed with a boundary");
            }
            MultipartReader parts = new MultipartReader(body,
                    boundary.group(1) != null ? boundary.group(1) : boundary.group(2));
            if (parts.next(MAX_PART_HEADERS) == null) {
                throw bad(server, "the media answer has no parts");
            }
            if (parts.part().readNBytes((int) MAX_OVERHEAD + 1).length > MAX_OVERHEAD) {
                throw bad(server, "the media answer's metadata is too large");
            }
            Map<String, String> headers = parts.next(MAX_PART_HEADERS);
            if (headers == null) {
                throw bad(server, "the media answer has one part, not two");
            }
            if (headers.containsKey("location")) {
                close.run();
                return new Read(null, headers.get("location"));
            }
            String disposition = headers.getOrDefault("content-disposition", "attachment");
            InputStream media = new Bounded(parts.part(), maxBytes, close);
            return new Read(new MediaContent(headers.getOrDefault("content-type", "application/octet-stream"),
                    MediaContent.UNKNOWN_SIZE, fileName(disposition), disposition, media), null);
        } catch (IOException e) {
            close.run();
            throw e instanceof BodyStream.Bad ? bad(server, e.getMessage())
                    : bad(server, "the media answer is cut short: " + e.getMessage());
        } catch (RemoteException | RuntimeException e) {
            close.run();
            throw e;
        }
    }

    /**
     * At most {@code max} bytes of a stream, more being an answer refused; closing it closes the
     * answer, which keeps its connection only when the body was read to its end.
     */
    static final class Bounded extends BlockInputStream {
        private final InputStream in;
        private final long max;
        private final Runnable close;
        private long read;

        Bounded(InputStream in, long max, Runnable close) {
            this.in = in;
            this.max = max;
            this.close = close;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                read += n;
                if (read > max) {
                    throw new BodyStream.Bad("the media is larger than " + max + " bytes");
                }
            }
            return n;
        }

        @Override
        public void close() {
            close.run();
        }
    }

    /** The name a {@code Content-Disposition} gives (RFC 6266: {@code filename*} first), if any. */
    static Optional<String> fileName(String disposition) {
        Matcher ext = FILENAME_EXT.matcher(disposition);
        if (ext.find()) {
            try {
                return Optional.of(URLDecoder.decode(ext.group(1).replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        Matcher plain = FILENAME.matcher(disposition);
        if (plain.find()) {
            return Optional.of(plain.group(1) != null ? plain.group(1).replaceAll("\\\\(.)", "$1") : plain.group(2));
        }
        return Optional.empty();
    }

    private static RemoteException bad(ServerName server, String message) {
        return new RemoteException(RemoteException.Kind.BAD_RESPONSE, 0, null, server + ": " + message);
    }
}
