package org.hearth.itest.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Bytes on a socket, for requests no HTTP client library would send: a malformed request line,
 * broken headers, bad percent-encoding, a body that breaks its own framing.
 */
final class RawHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What came back: the status line's code (0 when nothing came), the body, everything. */
    record Answer(int status, String body, String raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return JSON.missingNode();
            }
        }

        String errcode() {
            return json().path("errcode").asText(null);
        }
    }

    private RawHttp() {
    }

    /**
     * Sends the bytes and reads until the server closes, or {@code timeoutMs} pass without a byte.
     *
     * @param hangUp whether to close the sending side after the bytes, as a client that gives up
     *               halfway through its body does
     */
    static Answer send(URI base, byte[] request, int timeoutMs, boolean hangUp) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(timeoutMs);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            if (hangUp) {
                socket.shutdownOutput();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    if (complete(out.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (SocketTimeoutException | java.net.SocketException quiet) {
                // the answer so far is the answer
            }
            return parse(out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Answer send(URI base, String request) {
        return send(base, request.getBytes(StandardCharsets.ISO_8859_1), 5000, false);
    }

    /** A whole response with a Content-Length has arrived (the server may keep the connection). */
    private static boolean complete(String raw) {
        String rest = afterInterimAnswers(raw);
        int end = rest.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        for (String line : rest.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return rest.length() - end - 4 >= Integer.parseInt(line.substring(15).trim());
            }
        }
        return false;
    }

    /** What follows any {@code 100 Continue}. */
    private static String afterInterimAnswers(String raw) {
        String rest = raw;
        while (rest.startsWith("HTTP/1.1 100")) {
            int end = rest.indexOf("\r\n\r\n");
            rest = end < 0 ? "" : rest.substring(end + 4);
        }
        return rest;
    }

    private static Answer parse(String raw) {
        String rest = afterInterimAnswers(raw);
        if (!rest.startsWith("HTTP/")) {
            return new Answer(0, "", raw);
        }
        int status = Integer.parseInt(rest.substring(9, 12));
        int end = rest.indexOf("\r\n\r\n");
        return new Answer(status, end < 0 ? "" : rest.substring(end + 4), raw);
    }
}
