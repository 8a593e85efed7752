package org.hearth.federation.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.hearth.api.MatrixException;
import org.hearth.api.http.ClientJson;

/** The bundle's JSON mappers: one for writing bodies and stored JSON, one for reading what servers send. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Reads bodies of other servers: the nesting and size limits of client JSON, but numbers of any
     * kind kept exactly (a transaction may carry a PDU with a float; core refuses that PDU alone).
     */
    private static final ObjectMapper LENIENT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(ClientJson.MAX_DEPTH + 10)
                            .maxTokenCount(ClientJson.MAX_TOKENS)
                            .build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static byte[] bytes(JsonNode value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String text(JsonNode value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A body of another server; 400 {@code M_NOT_JSON} when it is no JSON, {@code M_BAD_JSON} past the limits. */
    public static JsonNode parseLenient(byte[] body) throws MatrixException {
        if (body.length == 0) {
            throw MatrixException.notJson("The request body is empty; JSON was expected");
        }
        try {
            return LENIENT.readTree(body);
        } catch (StreamConstraintsException e) {
            throw MatrixException.badJson("The request body is nested too deeply or too large");
        } catch (IOException e) {
            throw MatrixException.notJson("The request body is not valid JSON");
        }
    }

    /** Stored JSON this bundle wrote itself. */
    public static JsonNode read(String stored) {
        try {
            return MAPPER.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }
}
