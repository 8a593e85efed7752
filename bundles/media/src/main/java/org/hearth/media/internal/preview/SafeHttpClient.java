package org.hearth.media.internal.preview;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP GET for URL previews that only ever connects to addresses the {@link AddressPolicy}
 * permits. Each hop (the URL, then every redirect) is resolved once, every answer is checked,
 * and the socket connects to the checked address itself, never to the name again: a DNS answer
 * that changes between the check and the connection (DNS rebinding) cannot lead elsewhere.
 * TLS still verifies the certificate against the host name (SNI and endpoint identification).
 *
 * <p>Everything is bounded: 5 redirects, 32 KiB of response headers, {@code maxBytes} of body,
 * and one deadline for the whole fetch (connects and every read).
 */
final class SafeHttpClient {
    static final int MAX_REDIRECTS = 5;
    private static final int MAX_HEADER_BYTES = 32 * 1024;
    private static final int MAX_URL_LENGTH = 2048;
    private static final List<Integer> REDIRECTS = List.of(301, 302, 303, 307, 308);

    /** A response with a complete body (none for a redirect, which has a location). */
    record Response(URI url, int status, String contentType, String location, byte[] body) {}

    private final AddressPolicy policy;
    private final Resolver resolver;
    private final Supplier<SSLSocketFactory> tls;

    /** @param tls asked at the first https fetch: the JVM's default TLS costs seconds to set up on a busy machine */
    SafeHttpClient(AddressPolicy policy, Resolver resolver, Supplier<SSLSocketFactory> tls) {
        this.policy = policy;
        this.resolver = resolver;
        this.tls = tls;
    }

    /** GETs the URL, following redirects; the last response, whatever its status. */
    Response get(URI url, long maxBytes, long deadlineNanos) throws PreviewException {
        URI current = check(url);
        for (int hop = 0; ; hop++) {
            Response response = fetch(current, maxBytes, deadlineNanos);
            String location = response.location();
            if (location == null || !REDIRECTS.contains(response.status())) {
                return response;
            }
            if (hop == MAX_REDIRECTS) {
                throw PreviewException.failed("more than " + MAX_REDIRECTS + " redirects");
            }
            try {
                current = check(current.resolve(new URI(location.strip())));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw PreviewException.failed("a redirect to a malformed URL");
            }
        }
    }

    /** Only absolute http(s) URLs with a host and without user information. */
    static URI check(URI url) throws PreviewException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw PreviewException.refused("only http and https URLs are previewed");
        }
        if (url.getHost() == null || url.getRawUserInfo() != null) {
            throw PreviewException.refused("the URL has no host, or carries user information");
        }
        if (url.toString().length() > MAX_URL_LENGTH) {
            throw PreviewException.refused("the URL is longer than " + MAX_URL_LENGTH + " characters");
        }
        return url;
    }

    private Response fetch(URI url, long maxBytes, long deadlineNanos) throws PreviewException {
        boolean https = url.getScheme().equalsIgnoreCase("https");
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        InetAddress address = checkedAddress(url.getHost());
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), remainingMillis(deadlineNanos));
            Socket socket = https ? secure(plain, url.getHost(), port) : plain;
            try {
                DeadlineInputStream in = new DeadlineInputStream(socket, deadlineNanos);
                OutputStream out = socket.getOutputStream();
                out.write(request(url, port, https).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return read(url, in, maxBytes);
            } finally {
                if (socket != plain) {
                    socket.close();
                }
            }
        } catch (SocketTimeoutException e) {
            throw PreviewException.failed("the site did not answer in time");
        } catch (IOException e) {
            throw PreviewException.failed("the site could not be fetched (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Resolves the host once; every answer must be permitted (a mixed answer is refused), the first is used. */
    private InetAddress checkedAddress(String host) throws PreviewException {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw PreviewException.failed("the host name does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw PreviewException.failed("the host name does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!policy.permits(address)) {
                throw PreviewException.refused("URL previews may not reach " + address.getHostAddress());
            }
        }
        return addresses[0];
    }

    private Socket secure(Socket plain, String host, int port) throws IOException {
        String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        SSLSocket socket = (SSLSocket) tls.get().createSocket(plain, name, port, false);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!name.contains(":") && !name.matches("[0-9.]+")) {
            parameters.setServerNames(List.of(new SNIHostName(name)));
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static String request(URI url, int port, boolean https) {
        String target = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            target += "?" + url.getRawQuery();
        }
        boolean defaultPort = port == (https ? 443 : 80);
        return "GET " + target + " HTTP/1.1\r\n"
                + "Host: " + url.getHost() + (defaultPort ? "" : ":" + port) + "\r\n"
                + "User-Agent: Hearth URL preview\r\n"
                + "Accept: text/html,application/xhtml+xml,image/*;q=0.9,*/*;q=0.5\r\n"
                + "Accept-Encoding: identity\r\n"
                + "Connection: close\r\n\r\n";
    }

    private static Response read(URI url, InputStream in, long maxBytes) throws IOException, PreviewException {
        String statusLine = line(in, new int[] {MAX_HEADER_BYTES});
        int[] budget = {MAX_HEADER_BYTES - statusLine.length()};
        if (!statusLine.matches("HTTP/1\\.[01] \\d{3}( .*)?")) {
            throw PreviewException.failed("the site did not answer HTTP/1.1");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header; !(header = line(in, budget)).isEmpty(); ) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.merge(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip(),
                        (a, b) -> a + ", " + b);
            }
        }
        if (status >= 300 && status < 400) {
            return new Response(url, status, null, headers.get("location"), new byte[0]); // its body is not read
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", "").strip())) {
            body = chunked(in, maxBytes, budget);
        } else if (headers.containsKey("content-length")) {
            long length = parseLength(headers.get("content-length"));
            if (length > maxBytes) {
                throw PreviewException.failed("the response is larger than " + maxBytes + " bytes");
            }
            body = in.readNBytes((int) length);
            if (body.length < length) {
                throw PreviewException.failed("the response ended early");
            }
        } else {
            body = bounded(in, maxBytes);
        }
        return new Response(url, status, headers.get("content-type"), null, body);
    }

    private static byte[] chunked(InputStream in, long maxBytes, int[] budget) throws IOException, PreviewException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in, budget);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            long size;
            try {
                size = hex.length() > 8 ? Long.MAX_VALUE : Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw PreviewException.failed("a malformed chunked response");
            }
            if (size == 0) {
                while (!line(in, budget).isEmpty()) {
                    // trailers, ignored
                }
                return out.toByteArray();
            }
            if (out.size() + size > maxBytes) {
                throw PreviewException.failed("the response is larger than " + maxBytes + " bytes");
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length < size) {
                throw PreviewException.failed("the response ended early");
            }
            out.write(chunk);
            line(in, budget); // the CRLF after the chunk
        }
    }

    private static byte[] bounded(InputStream in, long maxBytes) throws IOException, PreviewException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
            throw PreviewException.failed("the response is larger than " + maxBytes + " bytes");
        }
        return body;
    }

    private static long parseLength(String text) throws PreviewException {
        try {
            long length = Long.parseLong(text.strip());
            if (length < 0) {
                throw new NumberFormatException();
            }
            return length;
        } catch (NumberFormatException e) {
            throw PreviewException.failed("a malformed Content-Length");
        }
    }

    /** One CRLF- (or LF-) ended line, counted against the header budget. */
    private static String line(InputStream in, int[] budget) throws IOException, PreviewException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw PreviewException.failed("the response ended early");
            }
            if (--budget[0] < 0) {
                throw PreviewException.failed("the response headers are larger than " + MAX_HEADER_BYTES + " bytes");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** A socket's input whose every read waits at most until the deadline of the whole fetch. */
    private static final class DeadlineInputStream extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long deadlineNanos;

        DeadlineInputStream(Socket socket, long deadlineNanos) throws IOException {
            this.socket = socket;
            this.in = new java.io.BufferedInputStream(socket.getInputStream(), 8192);
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public int read() throws IOException {
            socket.setSoTimeout(remainingMillis(deadlineNanos));
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            socket.setSoTimeout(remainingMillis(deadlineNanos));
            return in.read(b, off, len);
        }
    }
}
