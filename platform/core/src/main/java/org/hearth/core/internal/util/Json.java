package org.hearth.core.internal.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.hearth.api.MatrixException;
import org.hearth.api.http.ClientJson;

/** Reading JSON text in core: what this server stored, and what a client put in a query parameter. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /**
     * JSON this server wrote itself (stored events, filters, account data): unreadable is a bug.
     * Jackson's default limits apply, far above anything {@link ClientJson} lets in.
     */
    public static JsonNode stored(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    /**
     * A JSON object from a client, such as a {@code filter} parameter, held to the same rules as
     * a request body ({@link ClientJson}): 400 {@code M_NOT_JSON} / {@code M_BAD_JSON}.
     */
    public static JsonNode clientObject(String text, String what) throws MatrixException {
        JsonNode node = ClientJson.parse(text, what);
        if (!node.isObject()) {
            throw MatrixException.badJson(what + " must be a JSON object");
        }
        return node;
    }

    /** The compact JSON text of a value: how core stores JSON that clients upload. */
    public static String write(JsonNode value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
