package org.hearth.http.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Gives the requests Undertow refuses before any handler runs the same answer as every other
 * error: Matrix JSON and an access-log line.
 *
 * <ul>
 *   <li>Its HTTP parser (a malformed request line or header, bad percent-encoding in the URL,
 *       conflicting Content-Length and Transfer-Encoding, too many headers or parameters) writes
 *       a fixed {@code 400 Bad Request} with an empty body straight to the connection.</li>
 *   <li>Its Host check, which wraps every root handler, ends the exchange with a
 *       {@code 400 No Host Header} (or another phrase about the Host header) and no body.</li>
 * </ul>
 *
 * <p>This conduit sits under each connection's output and writes the JSON answer in their place.
 * It recognises only those: every response of Hearth's handlers carries more headers (CORS at
 * the least) and the standard reason phrase, so nothing else is taken for them. Were Undertow to
 * change its words, its bare 400 would go out as before, and {@code MalformedRequestsTest} would
 * say so.
 */
final class UnparsableRequests extends AbstractStreamSinkConduit<StreamSinkConduit> {
    private static final String PARSER_ANSWER =
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    /** Longest head the Host check writes: a status line and a few headers. */
    private static final int MAX_HOST_ANSWER = 512;

    private final SocketAddress peer;
    private final AccessLog log;
    private final byte[] answer;
    private ByteBuffer pending;

    /**
     * @param answer the whole JSON response, status line and headers included
     */
    UnparsableRequests(StreamSinkConduit next, SocketAddress peer, AccessLog log, byte[] answer) {
        super(next);
        this.peer = peer;
        this.log = log;
        this.answer = answer;
    }

    /** The JSON response that replaces Undertow's bare 400. */
    static byte[] response(byte[] jsonBody) {
        String head = "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: "
                + jsonBody.length + "\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n";
        byte[] head8 = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head8.length + jsonBody.length];
        System.arraycopy(head8, 0, all, 0, head8.length);
        System.arraycopy(jsonBody, 0, all, head8.length, jsonBody.length);
        return all;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (pending == null && !replacing(src)) {
            return next.write(src);
        }
        return flushed() ? (int) consume(src) : 0;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
        if (pending == null && !replacing(joined(srcs, offs, len))) {
            return next.write(srcs, offs, len);
        }
        long consumed = 0;
        if (flushed()) {
            for (int i = offs; i < offs + len; i++) {
                consumed += consume(srcs[i]);
            }
        }
        return consumed;
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
        return pending == null && !isUndertowAnswer(src) ? next.writeFinal(src) : write(src);
    }

    @Override
    public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
        return pending == null && !isUndertowAnswer(joined(srcs, offs, len))
                ? next.writeFinal(srcs, offs, len) : write(srcs, offs, len);
    }

    /** Starts writing the JSON answer when the bytes are Undertow's own 400. */
    private boolean replacing(ByteBuffer head) {
        if (head == null || !isUndertowAnswer(head)) {
            return false;
        }
        pending = ByteBuffer.wrap(answer);
        log.record(address(), "-", "-", "unparsable", 400, System.nanoTime());
        return true;
    }

    /** Whether the JSON answer is out; until then the caller waits for the connection and calls again. */
    private boolean flushed() throws IOException {
        next.write(pending);
        return !pending.hasRemaining();
    }

    /** Takes the replaced bytes as written. */
    private static long consume(ByteBuffer src) {
        int n = src.remaining();
        src.position(src.limit());
        return n;
    }

    /** The buffers as one, when they are few bytes in all (the size of the answers looked for); else null. */
    private static ByteBuffer joined(ByteBuffer[] srcs, int offs, int len) {
        long total = 0;
        for (int i = offs; i < offs + len; i++) {
            total += srcs[i].remaining();
        }
        if (total > MAX_HOST_ANSWER) {
            return null;
        }
        ByteBuffer all = ByteBuffer.allocate((int) total);
        for (int i = offs; i < offs + len; i++) {
            all.put(srcs[i].duplicate());
        }
        return all.flip();
    }

    private static boolean isUndertowAnswer(ByteBuffer src) {
        if (src.remaining() > MAX_HOST_ANSWER || src.remaining() < PARSER_ANSWER.length()) {
            return false;
        }
        byte[] bytes = new byte[src.remaining()];
        src.duplicate().get(bytes);
        String head = new String(bytes, StandardCharsets.ISO_8859_1);
        if (head.equals(PARSER_ANSWER)) {
            return true;
        }
        // HostHeaderHandler: "HTTP/1.1 400 No Host Header", "... 400 Host Header Bad Characters"…
        int lineEnd = head.indexOf("\r\n");
        return head.startsWith("HTTP/1.") && head.endsWith("\r\n\r\n") && lineEnd > 0
                && head.substring(0, lineEnd).matches("HTTP/1\\.[01] 400 [A-Za-z -]*Host Header[A-Za-z -]*")
                && head.toLowerCase(java.util.Locale.ROOT).contains("content-length: 0\r\n");
    }

    private String address() {
        return peer instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(peer);
    }
}
