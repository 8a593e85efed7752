package org.hearth.federation.internal.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * The body of an HTTP/1.1 answer as it arrives (RFC 9112, section 6): {@code Content-Length}
 * bytes, chunks ({@code Transfer-Encoding: chunked}, trailers skipped), or everything until the
 * server closes. At most {@code max} bytes: more is a {@link Bad} answer, as is a malformed
 * chunk; an answer cut off before its end is an {@link EOFException}. Never closes the connection
 * under it: {@link #ended()} says whether the connection is at the next answer.
 */
final class BodyStream extends BlockInputStream {
    /** The server's answer is not one this client accepts (too large, malformed). */
    static final class Bad extends IOException {
        Bad(String message) {
            super(message);
        }
    }

    private enum Framing { LENGTH, CHUNKED, UNTIL_CLOSE }

    private final InputStream in;
    private final Framing framing;
    private final long max;
    /** Bytes of the body read so far. */
    private long read;
    /** Bytes left in the body (LENGTH) or in the current chunk (CHUNKED; -1 before the first). */
    private long left;
    private boolean ended;

    private BodyStream(InputStream in, Framing framing, long left, long max) {
        this.in = in;
        this.framing = framing;
        this.left = left;
        this.max = max;
        this.ended = framing == Framing.LENGTH && left == 0;
    }

    /** The body that the header values announce; {@code contentLength} and {@code transferEncoding} may be null. */
    static BodyStream of(InputStream in, String contentLength, String transferEncoding, long max) throws Bad {
        if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new BodyStream(in, Framing.CHUNKED, -1, max);
        }
        if (contentLength == null) {
            return new BodyStream(in, Framing.UNTIL_CLOSE, 0, max);
        }
        long n;
        try {
            n = Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            throw new Bad("bad Content-Length");
        }
        if (n < 0 || n > max) {
            throw new Bad("response larger than " + max + " bytes");
        }
        return new BodyStream(in, Framing.LENGTH, n, max);
    }

    /** Whether the body was read to its end within its framing (so the connection may carry another request). */
    boolean ended() {
        return ended && framing != Framing.UNTIL_CLOSE;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (ended) {
            return -1;
        }
        return switch (framing) {
            case LENGTH -> counted(readLength(b, off, len));
            case CHUNKED -> counted(readChunked(b, off, len));
            case UNTIL_CLOSE -> counted(readUntilClose(b, off, len));
        };
    }

    private int readLength(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n < 0) {
            throw new EOFException("response shorter than its Content-Length");
        }
        left -= n;
        ended = left == 0;
        return n;
    }

    private int readChunked(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
            if (left == 0) {
                line(); // the CRLF that ends the chunk before
            }
            left = chunkSize();
            if (left == 0) {
                while (!line().isEmpty()) {
                    // trailers are ignored
                }
                ended = true;
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n < 0) {
            throw new EOFException("response cut short");
        }
        left -= n;
        return n;
    }

    private int readUntilClose(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            ended = true;
        }
        return n;
    }

    private int counted(int n) throws Bad {
        if (n > 0) {
            read += n;
            if (read > max) {
                throw new Bad("response larger than " + max + " bytes");
            }
        }
        return n;
    }

    private long chunkSize() throws IOException {
        String sizeLine = line();
        int semi = sizeLine.indexOf(';');
        try {
            long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size < 0 || read + size > max) {
                throw new Bad("response larger than " + max + " bytes");
            }
            return size;
        } catch (NumberFormatException e) {
            throw new Bad("bad chunk size");
        }
    }

    private String line() throws IOException {
        return WireClient.line(in);
    }
}
