package org.hearth.api.http;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What a {@link Route} answers: a JSON value, raw bytes, a stream of bytes, or a response that
 * comes later.
 *
 * <p>JSON bodies are any value Jackson can write: a {@code Map}, a record, a {@code JsonNode}.
 */
public final class RouteResponse {
    private final int status;
    private final Object json;
    private final byte[] bytes;
    private final InputStream stream;
    private final long length;
    private final String contentType;
    private final CompletionStage<RouteResponse> later;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private RouteResponse(int status, Object json, byte[] bytes, InputStream stream, long length, String contentType,
                          CompletionStage<RouteResponse> later) {
        this.status = status;
        this.json = json;
        this.bytes = bytes;
        this.stream = stream;
        this.length = length;
        this.contentType = contentType;
        this.later = later;
    }

    /** 200 with a JSON body. */
    public static RouteResponse ok(Object json) {
        return json(200, json);
    }

    public static RouteResponse json(int status, Object json) {
        return new RouteResponse(status, Objects.requireNonNull(json, "json"), null, null, -1, "application/json", null);
    }

    public static RouteResponse bytes(int status, String contentType, byte[] body) {
        return new RouteResponse(status, null, body.clone(), null, -1, contentType, null);
    }

    /**
     * A body copied from a stream of {@code length} bytes (a file), without holding it in memory.
     * The front door reads it to the end and closes it, also when the client has gone.
     */
    public static RouteResponse stream(int status, String contentType, long length, InputStream body) {
        if (length < 0) {
            throw new IllegalArgumentException("length " + length);
        }
        return new RouteResponse(status, null, null, Objects.requireNonNull(body, "body"), length, contentType, null);
    }

    public static RouteResponse text(int status, String text) {
        return bytes(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A response that completes later, without holding a worker thread meanwhile. A stage that
     * fails with a {@link org.hearth.api.MatrixException} answers that error.
     */
    public static RouteResponse later(CompletionStage<RouteResponse> stage) {
        return new RouteResponse(0, null, null, null, -1, null, Objects.requireNonNull(stage, "stage"));
    }

    /** Adds a response header; returns this response. */
    public RouteResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    /** The JSON value to write, or null for a byte body or a later response. */
    public Object json() {
        return json;
    }

    /** The raw body, or null for a JSON body, a stream or a later response. */
    public byte[] bytes() {
        return bytes;
    }

    /** The streamed body, or null for any other kind of response. */
    public InputStream stream() {
        return stream;
    }

    /** The length of the {@link #stream()}, or -1 for any other kind of response. */
    public long length() {
        return length;
    }

    public String contentType() {
        return contentType;
    }

    /** The pending response, or null when this one is complete. */
    public CompletionStage<RouteResponse> later() {
        return later;
    }

    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }
}
