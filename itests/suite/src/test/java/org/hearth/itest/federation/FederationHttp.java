package org.hearth.itest.federation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.hearth.testkit.BinaryReply;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestCa;

/** Requests to a federation port over TLS, trusting one test CA. */
final class FederationHttp {
    /** The connect's bound too: 127.0.0.1 refuses at once when nothing listens (see MatrixHttp). */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final HttpClient client;

    FederationHttp(TestCa ca) {
        client = HttpClient.newBuilder().sslContext(ca.clientContext()).connectTimeout(TIMEOUT).build();
    }

    /** A request with an Authorization header if given. */
    Reply send(int port, String method, String target, String authorization, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + target))
                .timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET with an Authorization header if given, its body kept as bytes (media). */
    BinaryReply getBytes(int port, String target, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + target))
                .timeout(TIMEOUT).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new BinaryReply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The parameters of an {@code X-Matrix} header (test servers only send simple, quoted values). */
    static Map<String, String> xMatrix(String header) {
        Map<String, String> params = new HashMap<>();
        for (String part : header.substring("X-Matrix ".length()).split(",")) {
            int eq = part.indexOf('=');
            params.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim().replace("\"", ""));
        }
        return params;
    }

}
