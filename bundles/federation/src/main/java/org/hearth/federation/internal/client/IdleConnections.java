package org.hearth.federation.internal.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;

/**
 * Keep-alive connections to other servers, waiting for the next request to the same address,
 * port and certificate name: a transaction, a key query or a device-list fetch then costs a
 * request, not a TCP connect and a TLS handshake (several milliseconds, more under load).
 *
 * <p>A connection is kept only after a complete answer that did not ask to close, at most
 * {@link #MAX_PER_KEY} per destination and for {@link #IDLE_MS}: servers drop idle connections
 * after a while (Twisted after a minute), and one dropped while idle here is noticed by the
 * next request, which {@link WireClient} then sends again on a new connection.
 */
final class IdleConnections implements AutoCloseable {
    static final long IDLE_MS = 20_000;
    static final int MAX_PER_KEY = 4;

    /** Where a connection goes: the checked address, the port, and the name its certificate was checked for. */
    record Key(InetAddress address, int port, String tlsName) {}

    /** An open TLS connection with its buffered streams (the buffer may not be dropped between requests). */
    static final class Connection implements AutoCloseable {
        final SSLSocket socket;
        final InputStream in;
        final OutputStream out;
        long idleSince;

        Connection(SSLSocket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = new BufferedOutputStream(socket.getOutputStream());
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing: nothing more to do with it
            }
        }
    }

    private final Map<Key, ArrayDeque<Connection>> idle = new HashMap<>();
    private boolean closed;

    /** An idle connection to the key, most recently used first; null when there is none. */
    synchronized Connection take(Key key, long now) {
        ArrayDeque<Connection> waiting = idle.get(key);
        while (waiting != null && !waiting.isEmpty()) {
            Connection c = waiting.pollFirst();
            if (now - c.idleSince < IDLE_MS && !c.socket.isClosed()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    /** Keeps the connection for the next request to the key (closes it when there are enough, or after {@link #close}). */
    void give(Key key, Connection connection, long now) {
        List<Connection> expired = new ArrayList<>();
        boolean keep;
        synchronized (this) {
            for (Iterator<ArrayDeque<Connection>> it = idle.values().iterator(); it.hasNext(); ) {
                ArrayDeque<Connection> waiting = it.next();
                waiting.removeIf(c -> now - c.idleSince >= IDLE_MS && expired.add(c));
                if (waiting.isEmpty()) {
                    it.remove();
                }
            }
            ArrayDeque<Connection> waiting = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
            keep = !closed && waiting.size() < MAX_PER_KEY;
            if (keep) {
                connection.idleSince = now;
                waiting.addFirst(connection);
            }
        }
        expired.forEach(Connection::close);
        if (!keep) {
            connection.close();
        }
    }

    /** Closes every idle connection; later ones given back are closed at once. */
    @Override
    public void close() {
        List<Connection> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(Connection::close);
    }
}
