package org.hearth.federation.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import org.hearth.api.federation.RemoteException;
import org.hearth.federation.internal.http.PemFiles;
import org.hearth.testkit.TestCa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive against a real TLS server: requests to one server share a connection, a connection
 * the server dropped while it was idle is replaced without the caller seeing an error, and an
 * answer that says {@code Connection: close} is not followed by another request on its connection.
 */
class WireClientTest {
    /** How the test server treats a connection after answering. */
    private enum Mode { KEEP, DROP_SILENTLY, SAY_CLOSE }

    private static TestCa ca;
    private static Path[] pem;
    private SSLServerSocket server;
    private WireClient client;
    private final AtomicInteger connections = new AtomicInteger();

    @BeforeAll
    static void certificates() {
        ca = TestCa.create("wire-client-test");
        pem = ca.issue("localhost");
    }

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void requestsToOneServerShareAConnection() throws Exception {
        Target target = serve(Mode.KEEP);
        for (int i = 1; i <= 3; i++) {
            WireClient.Response r = client.exchange(target, "PUT", "/_matrix/federation/v1/send/" + i, List.of(),
                    "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, r.status());
            assertEquals("{\"request\":" + i + "}", new String(r.body(), StandardCharsets.UTF_8));
        }
        assertEquals(1, connections.get());
    }

    @Test
    void aConnectionDroppedWhileIdleIsReplacedUnseen() throws Exception {
        Target target = serve(Mode.DROP_SILENTLY);
        for (int i = 1; i <= 3; i++) {
            assertEquals(200, client.exchange(target, "GET", "/_matrix/federation/v1/version", List.of(), null).status());
        }
        assertEquals(3, connections.get());
    }

    @Test
    void anAnswerSayingCloseEndsItsConnection() throws Exception {
        Target target = serve(Mode.SAY_CLOSE);
        for (int i = 1; i <= 2; i++) {
            assertEquals(200, client.exchange(target, "GET", "/_matrix/federation/v1/version", List.of(), null).status());
        }
        assertEquals(2, connections.get());
    }

    private Target serve(Mode mode) throws IOException, RemoteException {
        server = (SSLServerSocket) PemFiles.serverContext(pem[0], pem[1]).getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> accept(mode), "wire-client-test-server");
        acceptor.setDaemon(true);
        acceptor.start();
        client = new WireClient(ca.clientContext(), true, new AddressGuard(true), 5_000, 5_000, 1 << 20);
        int port = server.getLocalPort();
        return new Target("127.0.0.1", port, "localhost", "localhost:" + port);
    }

    private void accept(Mode mode) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread handler = new Thread(() -> answer(socket, mode), "wire-client-test-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Answers requests on the connection, numbering them, until the client or the mode ends it. */
    private static void answer(Socket socket, Mode mode) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (int request = 1; ; request++) {
                int length = 0;
                String line = line(in);
                if (line == null) {
                    return;
                }
                while (!(line = line(in)).isEmpty()) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                in.readNBytes(length);
                byte[] body = ("{\"request\":" + request + "}").getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + (mode == Mode.SAY_CLOSE ? "\r\nConnection: close" : "") + "\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.write(body);
                out.flush();
                if (mode != Mode.KEEP) {
                    return;
                }
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    /** A request line without its CRLF; null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
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
}
