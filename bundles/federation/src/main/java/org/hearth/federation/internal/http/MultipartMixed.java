package org.hearth.federation.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A {@code multipart/mixed} answer of exactly two parts (Server-Server API, "Content Repository"):
 * the media's metadata as JSON, then the media's bytes with their {@code Content-Type} and
 * {@code Content-Disposition}, streamed from the given stream. The boundary is 128 random bits,
 * so it does not occur in the media (RFC 2046, section 5.1.1).
 */
public final class MultipartMixed implements Answer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String boundary;
    private final byte[] head;
    private final byte[] tail;
    private final long size;
    private final InputStream bytes;

    /**
     * @param metadata    the first part's JSON ({@code {}} today)
     * @param size        how many bytes {@code bytes} gives
     * @param contentType a media type and {@code disposition} a header value: neither holds a line break
     */
    public MultipartMixed(String metadata, String contentType, String disposition, long size, InputStream bytes) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        boundary = HexFormat.of().formatHex(random);
        head = ("--" + boundary + "\r\nContent-Type: application/json\r\n\r\n" + metadata + "\r\n"
                + "--" + boundary + "\r\nContent-Type: " + contentType + "\r\nContent-Disposition: " + disposition
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        this.size = size;
        this.bytes = bytes;
    }

    @Override
    public String contentType() {
        return "multipart/mixed; boundary=" + boundary;
    }

    @Override
    public long length() {
        return head.length + size + tail.length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        out.write(head);
        long copied = bytes.transferTo(out);
        if (copied != size) {
            throw new IOException("The media gave " + copied + " bytes, not " + size);
        }
        out.write(tail);
    }

    @Override
    public void close() {
        try {
            bytes.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }
}
