package org.hearth.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for one server, for tests: JSON in, {@link Reply} out. */
public final class MatrixHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * As long as a request may take. Against 127.0.0.1 a server that is not listening refuses at
     * once, so a shorter bound only failed tests on a machine that stalled for a few seconds (CI
     * once timed out a connect after 5 s while the server was up and answering).
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final HttpClient client;
    private final URI base;
    private final String accessToken;

    public MatrixHttp(URI base) {
        this(HttpClient.newBuilder().connectTimeout(TIMEOUT).build(), base, null);
    }

    private MatrixHttp(HttpClient client, URI base, String accessToken) {
        this.client = client;
        this.base = base;
        this.accessToken = accessToken;
    }

    /**
     * The same client, sending {@code Authorization: Bearer <token>}: it shares this one's
     * connections (a token is per request), where a client of its own opened new ones.
     */
    public MatrixHttp as(String token) {
        return new MatrixHttp(client, base, token);
    }

    public URI base() {
        return base;
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    /** POST with a JSON body (a Map, a record, a String of JSON used as is). */
    public Reply post(String path, Object body) {
        return send(request(path).POST(json(body)));
    }

    public Reply put(String path, Object body) {
        return send(request(path).PUT(json(body)));
    }

    public Reply delete(String path) {
        return send(request(path).DELETE());
    }

    /** Any method, raw body bytes, and extra headers as name/value pairs (replacing the JSON Content-Type). */
    public Reply send(String method, String path, byte[] body, String... headers) {
        return send(raw(method, path, body, headers));
    }

    /** {@link #send} whose answer is kept as bytes (a media download). */
    public BinaryReply sendForBytes(String method, String path, byte[] body, String... headers) {
        try {
            HttpResponse<byte[]> response = client.send(raw(method, path, body, headers).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new BinaryReply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** GET whose answer is kept as bytes. */
    public BinaryReply getBytes(String path) {
        return sendForBytes("GET", path, null);
    }

    private HttpRequest.Builder raw(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder builder = request(path).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return builder;
    }

    /** POST whose body is sent chunked, without a Content-Length. */
    public Reply postChunked(String path, byte[] body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(body))));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json");
        if (accessToken != null) {
            builder.header("Authorization", "Bearer " + accessToken);
        }
        return builder;
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        try {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            return HttpRequest.BodyPublishers.ofString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the body as JSON", e);
        }
    }

    private Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
