package org.hearth.itest.push;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A push gateway on 127.0.0.1 that accepts connections and never answers: the server waits for
 * each request until its timeout.
 */
final class SilentGateway implements AutoCloseable {
    private final ServerSocket server;
    /** The connections accepted, held open until {@link #close}. */
    final List<Socket> connections = new CopyOnWriteArrayList<>();

    SilentGateway() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread accepting = new Thread(() -> {
            try {
                while (true) {
                    connections.add(server.accept());
                }
            } catch (IOException closed) {
                // close() ends the loop
            }
        }, "silent-gateway");
        accepting.setDaemon(true);
        accepting.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/_matrix/push/v1/notify";
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket socket : connections) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
