package org.hearth.federation.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import org.hearth.federation.internal.json.Json;

/**
 * The body of a 200 as the dispatcher sends it: JSON for most endpoints, streamed for media
 * ({@link MultipartMixed}). Closed once sent, or when the request fails before.
 */
public interface Answer extends AutoCloseable {
    String contentType();

    /** The number of bytes {@link #writeTo} writes: the {@code Content-Length}. */
    long length();

    void writeTo(OutputStream out) throws IOException;

    @Override
    default void close() {
    }

    static Answer json(JsonNode json) {
        byte[] bytes = Json.bytes(json);
        return new Answer() {
            @Override
            public String contentType() {
                return "application/json";
            }

            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(bytes);
            }
        };
    }
}
