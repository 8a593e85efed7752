package org.hearth.federation.internal.client;

import java.io.ByteArrayOutputStream;
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
            for (String[] h : headers) {
                if (h[0].equals(name)) {
                    return h[1];
                }
            }
            return null;
        }
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

    /** {@link #exchange} with another bound on the answer's body (media are larger than JSON). */
    public Response exchange(Target target, String method, String requestTarget, List<String[]> headers, byte[] body,
                             long maxBodyBytes) throws RemoteException {
        InetAddress address = address(target.connectHost());
        IdleConnections.Key key = new IdleConnections.Key(address, target.port(), target.tlsName());
        try {
            IdleConnections.Connection reused = idle.take(key, System.currentTimeMillis());
            if (reused != null) {
                try {
                    return exchangeOn(reused, key, target, method, requestTarget, headers, body, maxBodyBytes);
                } catch (SocketTimeoutException e) {
                    throw e; // the server is slow, not gone: no second try
                } catch (IOException e) {
                    // closed by the server while idle here: a new connection follows (a retried
                    // request is safe, transactions and joins are idempotent)
                }
            }
            return exchangeOn(connect(address, target), key, target, method, requestTarget, headers, body,
                    maxBodyBytes);
        } catch (SocketTimeoutException e) {
            throw unreachable("timed out talking to " + target.hostHeader());
        } catch (SSLException e) {
            throw unreachable("TLS with " + target.hostHeader() + " failed: " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            throw unreachable("cannot reach " + target.hostHeader() + ": " + e.getMessage());
        }
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

    /** One request and its answer on the connection, which is kept for the next one when the answer allows, else closed. */
    private Response exchangeOn(IdleConnections.Connection connection, IdleConnections.Key key, Target target,
                                String method, String requestTarget, List<String[]> headers, byte[] body,
                                long maxBodyBytes) throws IOException, RemoteException {
        boolean kept = false;
        try {
            write(connection.out, target, method, requestTarget, headers, body);
            Answer answer = read(connection.in, maxBodyBytes == DEFAULT_MAX ? maxResponseBytes : maxBodyBytes);
            if (answer.reusable()) {
                idle.give(key, connection, System.currentTimeMillis());
                kept = true;
            }
            return answer.response();
        } finally {
            if (!kept) {
                connection.close();
            }
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

    /** An answer, and whether its connection may carry another request (HTTP/1.1, delimited body, no "close"). */
    private record Answer(Response response, boolean reusable) {}

    private static Answer read(InputStream in, long maxResponseBytes) throws IOException, RemoteException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw bad("not an HTTP response");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw bad("not an HTTP status: " + parts[1]);
        }
        List<String[]> headers = new ArrayList<>();
        int headerBytes = 0;
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            headerBytes += line.length();
            if (headerBytes > MAX_HEADER_BYTES) {
                throw bad("response headers too large");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim()});
            }
        }
        Response partial = new Response(status, headers, null);
        String length = partial.header("content-length");
        String encoding = partial.header("transfer-encoding");
        byte[] body;
        boolean delimited = true;
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked(in, maxResponseBytes);
        } else if (length != null) {
            long n;
            try {
                n = Long.parseLong(length);
            } catch (NumberFormatException e) {
                throw bad("bad Content-Length");
            }
            if (n > maxResponseBytes || n < 0) {
                throw bad("response larger than " + maxResponseBytes + " bytes");
            }
            body = in.readNBytes((int) n);
            if (body.length != n) {
                throw bad("response shorter than its Content-Length");
            }
        } else {
            body = bounded(in, maxResponseBytes);
            delimited = false;
        }
        String connection = partial.header("connection");
        boolean reusable = delimited && parts[0].equals("HTTP/1.1")
                && (connection == null || !connection.toLowerCase(Locale.ROOT).contains("close"));
        return new Answer(new Response(status, headers, body), reusable);
    }

    private static byte[] chunked(InputStream in, long maxResponseBytes) throws IOException, RemoteException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int semi = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw bad("bad chunk size");
            }
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers are ignored
                }
                return out.toByteArray();
            }
            if (size < 0 || out.size() + size > maxResponseBytes) {
                throw bad("response larger than " + maxResponseBytes + " bytes");
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length != size) {
                throw bad("response cut short");
            }
            out.write(chunk);
            line(in);
        }
    }

    private static byte[] bounded(InputStream in, long maxResponseBytes) throws IOException, RemoteException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            if (out.size() + n > maxResponseBytes) {
                throw bad("response larger than " + maxResponseBytes + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static String line(InputStream in) throws IOException, RemoteException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed mid-response");
            }
            if (line.length() > 8192) {
                throw bad("response line too long");
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
