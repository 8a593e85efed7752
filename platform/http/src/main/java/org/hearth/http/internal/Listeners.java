package org.hearth.http.internal;

import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The HTTP listeners: what {@code Undertow.builder().addHttpListener(..)} sets up (Undertow's
 * HTTP/1.1 connection handling over XNIO), with one difference: every accepted connection first
 * gets {@link UnparsableRequests} under its output, so requests Undertow cannot parse are answered
 * in Matrix JSON and logged too.
 */
final class Listeners implements AutoCloseable {
    private final List<AcceptingChannel<StreamConnection>> servers = new ArrayList<>();
    private final HttpOpenListener http;

    private Listeners(HttpOpenListener http) {
        this.http = http;
    }

    /**
     * Listens on each address; closes whatever it opened and rethrows when one cannot be bound.
     *
     * @param unparsable the JSON body answering a request Undertow cannot parse
     */
    static Listeners open(XnioWorker worker, List<String> addresses, int port, HttpHandler root, AccessLog log,
                          byte[] unparsable) throws IOException {
        OptionMap undertowOptions = OptionMap.builder()
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000) // Undertow.Builder's default
                .set(UndertowOptions.ALLOW_ENCODED_SLASH, true)
                // No body limit of Undertow's own (10 MiB by default): the dispatcher applies
                // http.max_request_bytes, and a route that streams its body applies its own.
                .set(UndertowOptions.MAX_ENTITY_SIZE, -1L)
                .getMap();
        HttpOpenListener http = new HttpOpenListener(new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4),
                undertowOptions);
        http.setRootHandler(root);
        byte[] answer = UnparsableRequests.response(unparsable);
        ChannelListener<StreamConnection> guarded = connection -> {
            connection.getSinkChannel().setConduit(new UnparsableRequests(connection.getSinkChannel().getConduit(),
                    connection.getPeerAddress(), log, answer));
            http.handleEvent(connection);
        };
        OptionMap socketOptions = OptionMap.builder()
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .set(Options.BACKLOG, 1000)
                .getMap();
        Listeners listeners = new Listeners(http);
        try {
            for (String address : addresses) {
                AcceptingChannel<StreamConnection> server = worker.createStreamConnectionServer(
                        new InetSocketAddress(InetAddress.getByName(address), port),
                        ChannelListeners.openListenerAdapter(guarded), socketOptions);
                listeners.servers.add(server);
                server.resumeAccepts();
            }
        } catch (IOException | RuntimeException e) {
            listeners.close();
            throw e;
        }
        return listeners;
    }

    @Override
    public void close() {
        servers.forEach(IoUtils::safeClose);
        http.closeConnections();
    }
}
