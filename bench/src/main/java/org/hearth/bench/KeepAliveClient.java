package org.hearth.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One simulated user's own HTTP/1.1 connection, kept alive, one request at a time: what a real
 * client costs the server and nothing more. {@code java.net.http.HttpClient} offers an HTTP/2
 * upgrade on every request and hands answers between threads, which adds milliseconds to each
 * round trip and would hide the server's own time.
 */
final class KeepAliveClient implements AutoCloseable {
    /** An answer: status and body text. */
    record Answer(int status, String body) {
        /** This answer, which must be a 200. */
        Answer ok() {
            if (status != 200) {
                throw new IllegalStateException("unexpected answer " + this);
            }
            return this;
        }
    }

    private final String host;
    private final int port;
    private final String token;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    KeepAliveClient(int port, String accessToken) {
        this.host = "127.0.0.1";
        this.port = port;
        this.token = accessToken;
    }

    Answer get(String path) {
        return exchange("GET", path, null);
    }

    /** Sends a text message into the room with the transaction ID (which is also its body); it must be taken. */
    Answer sendText(String roomId, String txnId) {
        return put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/" + txnId,
                "{\"msgtype\":\"m.text\",\"body\":\"hello " + txnId + "\"}").ok();
    }

    Answer put(String path, String json) {
        return exchange("PUT", path, json);
    }

    /** One request; reconnects once when the server closed the idle connection. */
    Answer exchange(String method, String path, String json) {
        try {
            boolean fresh = socket == null;
            if (fresh) {
                connect();
            }
            try {
                return roundTrip(method, path, json);
            } catch (IOException e) {
                if (fresh) {
                    throw e;
                }
                close();
                connect();
                return roundTrip(method, path, json);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(method + " " + path, e);
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(120_000);
        in = new BufferedInputStream(socket.getInputStream(), 16_384);
        out = socket.getOutputStream();
    }

    private Answer roundTrip(String method, String path, String json) throws IOException {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (json != null) {
            head.append("Content-Type: application/json\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        out.write(request);
        out.flush();
        return readAnswer();
    }

    private Answer readAnswer() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        boolean closing = false;
        for (String header = line(); header != null && !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                closing = true;
            }
        }
        byte[] body = chunked ? chunks() : exactly(Math.max(length, 0));
        if (closing) {
            close();
        }
        return new Answer(status, new String(body, StandardCharsets.UTF_8));
    }

    private byte[] chunks() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
             size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
            all.write(exactly(size));
            line();
        }
        for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
            // trailers are not used by Hearth
        }
        return all.toByteArray();
    }

    private byte[] exactly(int n) throws IOException {
        byte[] data = in.readNBytes(n);
        if (data.length != n) {
            throw new IOException("connection closed in a body");
        }
        return data;
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection that failed already
            }
            socket = null;
        }
    }
}
