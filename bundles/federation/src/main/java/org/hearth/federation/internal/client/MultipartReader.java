package org.hearth.federation.internal.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of a {@code multipart} body read as it arrives (RFC 2046, section 5.1.1), with a
 * buffer of a few KiB whatever the parts' sizes: each part's headers (bounded), then its bytes as
 * a stream that ends where the next delimiter begins. The CRLF before {@code --boundary} belongs
 * to the delimiter; the first delimiter may open the body without it, or follow a preamble.
 * A body that ends before its close delimiter is an {@link EOFException}; a malformed one a
 * {@link BodyStream.Bad}.
 */
final class MultipartReader {
    private static final int BUFFER = 16 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buffer;
    private int start;
    private int end;
    private boolean eof;
    /** The current part's bytes are read up to the delimiter after them. */
    private boolean atDelimiter;
    private boolean closed;

    /**
     * @param boundary the {@code boundary} parameter of the {@code Content-Type} (1 to 70 characters)
     */
    MultipartReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        this.buffer = new byte[Math.max(BUFFER, delimiter.length * 2)];
        // the body is read as if a CRLF came first, so that an opening delimiter is found as any other
        buffer[0] = '\r';
        buffer[1] = '\n';
        end = 2;
    }

    /**
     * Moves to the next part: skips what is left of the current one (or the preamble), then the
     * delimiter line, then reads the part's headers, at most {@code maxHeaderBytes}. Null after
     * the close delimiter.
     *
     * @return the part's headers, names in lower case
     */
    Map<String, String> next(int maxHeaderBytes) throws IOException {
        if (closed) {
            return null;
        }
        byte[] skipped = new byte[BUFFER];
        while (readPart(skipped, 0, skipped.length) > 0) {
            // the rest of the current part, or the preamble
        }
        start += delimiter.length;
        atDelimiter = false;
        if (startsWith("--")) {
            closed = true;
            return null;
        }
        while (fill(1) && (buffer[start] == ' ' || buffer[start] == '\t')) {
            start++; // transport padding
        }
        if (!startsWith("\r\n")) {
            throw new BodyStream.Bad("a malformed multipart delimiter line");
        }
        start += 2;
        Map<String, String> headers = new HashMap<>();
        int headerBytes = 0;
        while (true) {
            String line = headerLine(maxHeaderBytes - headerBytes);
            headerBytes += line.length() + 2;
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
    }

    /** The current part's bytes, up to the next delimiter. */
    InputStream part() {
        return new BlockInputStream() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = readPart(b, off, len);
                return n == 0 ? -1 : n;
            }
        };
    }

    /** Up to {@code len} bytes of the current part; 0 at its end (the buffer then starts with the delimiter). */
    private int readPart(byte[] b, int off, int len) throws IOException {
        while (!atDelimiter) {
            int found = indexOfDelimiter();
            if (found >= 0) {
                int n = Math.min(len, found - start);
                if (n == 0) {
                    atDelimiter = true;
                    return 0;
                }
                System.arraycopy(buffer, start, b, off, n);
                start += n;
                return n;
            }
            // bytes that cannot begin a delimiter are the part's
            int safe = end - start - (delimiter.length - 1);
            if (safe > 0) {
                int n = Math.min(len, safe);
                System.arraycopy(buffer, start, b, off, n);
                start += n;
                return n;
            }
            if (!fill(delimiter.length)) {
                throw new EOFException("the multipart body ends before its close delimiter");
            }
        }
        return 0;
    }

    private int indexOfDelimiter() {
        outer:
        for (int i = start; i <= end - delimiter.length; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (buffer[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private String headerLine(int maxBytes) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (!fill(2)) {
                throw new EOFException("the multipart body ends in a part's headers");
            }
            if (buffer[start] == '\r' && buffer[start + 1] == '\n') {
                start += 2;
                return line.toString();
            }
            if (line.length() >= maxBytes) {
                throw new BodyStream.Bad("a part's headers are too large");
            }
            line.append((char) (buffer[start++] & 0xff));
        }
    }

    private boolean startsWith(String text) throws IOException {
        if (!fill(text.length())) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (buffer[start + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether at least {@code count} unread bytes are in the buffer, reading more as needed (false at the end). */
    private boolean fill(int count) throws IOException {
        if (end - start >= count) {
            return true;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end - start < count && !eof) {
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) {
                eof = true;
            } else {
                end += n;
            }
        }
        return end - start >= count;
    }
}
