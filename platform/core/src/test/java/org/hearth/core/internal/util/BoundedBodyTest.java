package org.hearth.core.internal.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A body read up to a limit, from a real HTTP server: an answer over it fails instead of filling memory. */
class BoundedBodyTest {
    private static HttpServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/small", e -> {
            e.sendResponseHeaders(200, 5);
            try (OutputStream out = e.getResponseBody()) {
                out.write("hello".getBytes());
            }
        });
        server.createContext("/endless", e -> {
            e.sendResponseHeaders(200, 0); // chunked, no length announced
            try (OutputStream out = e.getResponseBody()) {
                byte[] chunk = new byte[8192];
                for (int i = 0; i < 1024; i++) { // 8 MiB unless the client hangs up first
                    out.write(chunk);
                }
            } catch (IOException clientLeft) {
                // the client cancelled: what the test wants
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void aBodyWithinTheLimitIsRead() throws Exception {
        byte[] body = CLIENT.send(HttpRequest.newBuilder(uri("/small")).build(), BoundedBody.upTo(5)).body();
        assertArrayEquals("hello".getBytes(), body);
    }

    @Test
    void aBodyOverTheLimitFails() {
        IOException e = assertThrows(IOException.class,
                () -> CLIENT.send(HttpRequest.newBuilder(uri("/endless")).build(), BoundedBody.upTo(64 * 1024)));
        assertTrue(e.getMessage().contains("over 65536 bytes"), e.getMessage());
        assertThrows(IOException.class,
                () -> CLIENT.send(HttpRequest.newBuilder(uri("/small")).build(), BoundedBody.upTo(4)));
    }
}
