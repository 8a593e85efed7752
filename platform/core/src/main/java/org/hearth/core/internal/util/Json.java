package org.hearth.core.internal.util;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Set;
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
     * Only the named top-level members of a JSON object this server wrote, the others skipped
     * without building them: a client's view of an event needs its content, not the hashes,
     * signatures, auth and prev events that are most of a stored PDU.
     */
    public static ObjectNode storedMembers(String text, Set<String> names) {
        try (JsonParser parser = MAPPER.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("stored JSON is not an object");
            }
            ObjectNode members = MAPPER.createObjectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (names.contains(name)) {
                    members.set(name, MAPPER.readTree(parser));
                } else {
                    parser.skipChildren();
                }
            }
            return members;
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
