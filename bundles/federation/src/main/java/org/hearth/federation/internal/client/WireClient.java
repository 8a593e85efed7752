package org.hearth.federation.internal.client;

import java.io.BufferedOutputStream;
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
 * One HTTPS/1.1 exchange with another server, on a connection of its own: the address is
 * resolved and checked ({@link AddressGuard}) here and the socket goes to exactly that address,
 * so a name cannot resolve to another address between the check and the connection. The
 * certificate must name {@link Target#tlsName} (unless checking is off). Bounded in time
 * (connect and each read) and size.
 */
public final class WireClient {
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

    private final SSLContext tls;
    private final boolean verifyNames;
    private final AddressGuard guard;
    private final int connectTimeoutMs;
    private final int readTimeoutMs;
    private final long maxResponseBytes;

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
        InetAddress address = address(target.connectHost());
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, target.port()), connectTimeoutMs);
            plain.setSoTimeout(readTimeoutMs);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, target.tlsName(),
                    target.port(), true)) {
                SSLParameters params = socket.getSSLParameters();
                if (verifyNames) {
                    params.setEndpointIdentificationAlgorithm("HTTPS");
                }
                if (!isIpLiteral(target.tlsName())) {
                    params.setServerNames(List.of(new SNIHostName(target.tlsName())));
                }
                socket.setSSLParameters(params);
                socket.startHandshake();
                write(socket.getOutputStream(), target, method, requestTarget, headers, body);
                return read(socket.getInputStream());
            }
        } catch (SocketTimeoutException e) {
            throw unreachable("timed out talking to " + target.hostHeader());
        } catch (SSLException e) {
            throw unreachable("TLS with " + target.hostHeader() + " failed: " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            throw unreachable("cannot reach " + target.hostHeader() + ": " + e.getMessage());
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

    private static void write(OutputStream raw, Target target, String method, String requestTarget,
                              List<String[]> headers, byte[] body) throws IOException {
        OutputStream out = new BufferedOutputStream(raw);
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(requestTarget).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(target.hostHeader()).append("\r\n");
        head.append("Connection: close\r\nUser-Agent: Hearth\r\nAccept: application/json\r\n");
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

    private Response read(InputStream in) throws IOException, RemoteException {
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
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked(in);
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
            body = bounded(in);
        }
        return new Response(status, headers, body);
    }

    private byte[] chunked(InputStream in) throws IOException, RemoteException {
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

    private byte[] bounded(InputStream in) throws IOException, RemoteException {
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
