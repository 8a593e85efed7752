package org.hearth.federation.internal.http;

import io.undertow.UndertowOptions;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The federation port: Undertow's HTTP/1.1 over XNIO on each bind address, over TLS when a
 * context is given. Its own worker, so federation load never takes the client API's threads.
 */
public final class FederationListener implements AutoCloseable {
    private final XnioWorker worker;
    private final HttpOpenListener http;
    private final List<AcceptingChannel<? extends StreamConnection>> servers = new ArrayList<>();

    /**
     * @param tls null for plain HTTP
     */
    public FederationListener(Xnio xnio, List<String> addresses, int port, SSLContext tls, HttpHandler root)
            throws IOException {
        worker = xnio.createWorker(OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, 2)
                .set(Options.WORKER_TASK_CORE_THREADS, 32)
                .set(Options.WORKER_TASK_MAX_THREADS, 32)
                .set(Options.TCP_NODELAY, true)
                .set(Options.WORKER_NAME, "federation")
                .getMap());
        http = new HttpOpenListener(new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4), OptionMap.builder()
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
                .set(UndertowOptions.ALLOW_ENCODED_SLASH, true)
                .set(UndertowOptions.MAX_ENTITY_SIZE, -1L) // the dispatcher applies its own limit
                .getMap());
        http.setRootHandler(root);
        OptionMap socket = OptionMap.builder()
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BACKLOG, 1000)
                .getMap();
        try {
            for (String address : addresses) {
                InetSocketAddress bind = new InetSocketAddress(InetAddress.getByName(address), port);
                AcceptingChannel<? extends StreamConnection> server = tls == null
                        ? worker.createStreamConnectionServer(bind, ChannelListeners.openListenerAdapter(http), socket)
                        : new UndertowXnioSsl(xnio, OptionMap.EMPTY, tls)
                                .createSslConnectionServer(worker, bind, ChannelListeners.openListenerAdapter(http), socket);
                servers.add(server);
                server.resumeAccepts();
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        servers.forEach(IoUtils::safeClose);
        http.closeConnections();
        worker.shutdown();
    }
}
