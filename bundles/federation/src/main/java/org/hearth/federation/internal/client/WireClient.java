package org.hearth.federation.internal.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.hearth.api.federation.RemoteException;

/**
 * One HTTPS/1.1 exchange with another server: the address is resolved and checked
 * ({@link AddressGuard}) for every request and the socket goes to exactly that address, so a name
 * cannot resolve to another address between the check and the connection. The certificate must
 * name {@link Target#tlsName} (unless checking is off). A connection is kept alive for the next
 * request to the same address, port and name ({@link IdleConnections}). Bounded in time (connect
 * and each read) and size.
 */
public final class WireClient implements AutoCloseable {
    /** Status, headers (names in lower case) and body of an answer. */
    public record Response(int status, List<String[]> headers, byte[] body) {
        public String header(String name) {
            return WireClient.header(headers, name);
        }
    }

    /** The first value of the header (name in lower case), or null. */
    private static String header(List<String[]> headers, String name) {
        for (String[] h : headers) {
            if (h[0].equals(name)) {
                return h[1];
            }
        }
        return null;
    }

    private static final int MAX_HEADER_BYTES = 64 * 1024;
    /** For {@link #exchange(Target, String, String, List, byte[], long)}: the bound this client was made with. */
    public static final long DEFAULT_MAX = -1;

    private final SSLContext tls;
    private final boolean verifyNames;
    private final AddressGuard guard;
    private final int connectTimeoutMs;
    private final int readTimeoutMs;
    private final long maxResponseBytes;
    private final IdleConnections idle = new IdleConnections();

    public WireClient(SSLContext tls, boolean verifyNames, AddressGuard guard, int connectTimeoutMs, int readTimeoutMs,
                      long maxResponseBytes) {
        this.tls = tls;
        this.verifyNames = verifyNames;
        this.guard = guard;
        this.connectTimeoutMs = connectTimeoutMs;
        this.readTimeoutMs = readTimeoutMs;
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * @param headers extra request headers, {name, value}
     */
    public Response exchange(Target target, String method, String requestTarget, List<String[]> headers, byte[] body)
            throws RemoteException {
        return exchange(target, method, requestTarget, headers, body, DEFAULT_MAX);
    }

    /** {@link #exchange} with another bound on the answer's body. */
    public Response exchange(Target target, String method, String requestTarget, List<String[]> headers, byte[] body,
                             long maxBodyBytes) throws RemoteException {
        try (Streamed answer = open(target, method, requestTarget, headers, body, maxBodyBytes)) {
            return new Response(answer.status(), answer.headers(), answer.body().readAllBytes());
        } catch (IOException e) {
            throw failure(target, e);
        }
    }

    /**
     * One request whose answer's body is read as it arrives (media, which may be far larger than
     * what should be held in memory). The caller closes the answer; failures while reading its
     * body are IOExceptions: {@link BodyStream.Bad} for an answer refused, others for a
     * connection lost.
     */
    public Streamed open(Target target, String method, String requestTarget, List<String[]> headers, byte[] body,
                         long maxBodyBytes) throws RemoteException {
        InetAddress address = address(target.connectHost());
        IdleConnections.Key key = new IdleConnections.Key(address, target.port(), target.tlsName());
        long max = maxBodyBytes == DEFAULT_MAX ? maxResponseBytes : maxBodyBytes;
        try {
            IdleConnections.Connection reused = idle.take(key, System.currentTimeMillis());
            if (reused != null) {
                try {
                    return openOn(reused, key, target, method, requestTarget, headers, body, max);
                } catch (SocketTimeoutException | BodyStream.Bad e) {
                    throw e; // the server is slow or wrong, not gone: no second try
                } catch (IOException e) {
                    // closed by the server while idle here: a new connection follows (a retried
                    // request is safe, transactions and joins are idempotent)
                }
            }
            return openOn(connect(address, target), key, target, method, requestTarget, headers, body, max);
        } catch (IOException | IllegalArgumentException e) {
            throw failure(target, e);
        }
    }

    /** What a failure to talk to the target is: a bad answer, or the target unreachable. */
    private static RemoteException failure(Target target, Exception e) {
        if (e instanceof BodyStream.Bad) {
            return bad(e.getMessage());
        }
        if (e instanceof SocketTimeoutException) {
            return unreachable("timed out talking to " + target.hostHeader());
        }
        if (e instanceof SSLException) {
            return unreachable("TLS with " + target.hostHeader() + " failed: " + e.getMessage());
        }
        return unreachable("cannot reach " + target.hostHeader() + ": " + e.getMessage());
    }

    /** Closes the connections kept for later requests. */
    @Override
    public void close() {
        idle.close();
    }

    private IdleConnections.Connection connect(InetAddress address, Target target) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(address, target.port()), connectTimeoutMs);
            plain.setSoTimeout(readTimeoutMs);
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, target.tlsName(),
                    target.port(), true);
            SSLParameters params = socket.getSSLParameters();
            if (verifyNames) {
                params.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (!isIpLiteral(target.tlsName())) {
                params.setServerNames(List.of(new SNIHostName(target.tlsName())));
            }
            socket.setSSLParameters(params);
            socket.startHandshake();
            return new IdleConnections.Connection(socket);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** One request and the head of its answer on the connection, which the answer keeps or closes once read. */
    private Streamed openOn(IdleConnections.Connection connection, IdleConnections.Key key, Target target,
                            String method, String requestTarget, List<String[]> headers, byte[] body, long max)
            throws IOException {
        try {
            write(connection.out, target, method, requestTarget, headers, body);
            return readHead(connection, key, max);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private InetAddress address(String host) throws RemoteException {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw unreachable("cannot resolve " + host);
        }
        for (InetAddress a : all) {
            if (guard.allows(a)) {
                return a;
            }
        }
        throw new RemoteException(RemoteException.Kind.NOT_ALLOWED, 0, null,
                host + " resolves only to private or loopback addresses (federation.allow_private_addresses is false)");
    }

    private static void write(OutputStream out, Target target, String method, String requestTarget,
                              List<String[]> headers, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(requestTarget).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(target.hostHeader()).append("\r\n");
        head.append("User-Agent: Hearth\r\nAccept: application/json\r\n");
        for (String[] h : headers) {
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        } else if (!method.equals("GET")) {
            head.append("Content-Length: 0\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    /**
     * An answer whose body is read as it arrives. Closing it keeps its connection for the next
     * request when the body was read to its end and the answer allows (HTTP/1.1, no "close"),
     * else closes the connection.
     */
    public final class Streamed implements AutoCloseable {
        private final int status;
        private final List<String[]> headers;
        private final BodyStream body;
        private final IdleConnections.Connection connection;
        private final IdleConnections.Key key;
        private final boolean keepAlive;
        private boolean closed;

        private Streamed(int status, List<String[]> headers, BodyStream body, IdleConnections.Connection connection,
                         IdleConnections.Key key, boolean keepAlive) {
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.connection = connection;
            this.key = key;
            this.keepAlive = keepAlive;
        }

        public int status() {
            return status;
        }

        /** The headers, {name, value}, names in lower case. */
        public List<String[]> headers() {
            return headers;
        }

        public String header(String name) {
            return WireClient.header(headers, name);
        }

        public InputStream body() {
            return body;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (keepAlive && body.ended()) {
                idle.give(key, connection, System.currentTimeMillis());
            } else {
                connection.close();
            }
        }
    }

    private Streamed readHead(IdleConnections.Connection connection, IdleConnections.Key key, long max)
            throws IOException {
        InputStream in = connection.in;
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new BodyStream.Bad("not an HTTP response");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new BodyStream.Bad("not an HTTP status: " + parts[1]);
        }
        List<String[]> headers = new ArrayList<>();
        int headerBytes = 0;
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            headerBytes += line.length();
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new BodyStream.Bad("response headers too large");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim()});
            }
        }
        BodyStream body = BodyStream.of(in, header(headers, "content-length"), header(headers, "transfer-encoding"), max);
        String connectionHeader = header(headers, "connection");
        boolean keepAlive = parts[0].equals("HTTP/1.1")
                && (connectionHeader == null || !connectionHeader.toLowerCase(Locale.ROOT).contains("close"));
        return new Streamed(status, headers, body, connection, key, keepAlive);
    }

    /** One line of an answer's head or of its chunk framing, without its CRLF. */
    static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed mid-response");
            }
            if (line.length() > 8192) {
                throw new BodyStream.Bad("response line too long");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static RemoteException unreachable(String message) {
        return new RemoteException(RemoteException.Kind.UNREACHABLE, 0, null, message);
    }

    private static RemoteException bad(String message) {
        return new RemoteException(RemoteException.Kind.BAD_RESPONSE, 0, null, message);
    }
}
