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

    /**
     * Most JSON tokens in another server's answer: four times a client's body, so the whole state
     * of a room of about 20,000 members ({@code /state}, {@code send_join}), some 35 tokens an
     * event, fits; its tree stays well within the default heap.
     */
    public static final int MAX_ANSWER_TOKENS = 1_000_000;

    /** Reads answers of other servers: the rules of client JSON, with room for a large room's state. */
    private static final ObjectMapper ANSWERS = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(ClientJson.MAX_DEPTH)
                            .maxTokenCount(MAX_ANSWER_TOKENS)
                            .build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /**
     * An answer of another server, under the rules of {@link ClientJson} but
     * {@value #MAX_ANSWER_TOKENS} tokens; {@code M_NOT_JSON} or {@code M_BAD_JSON} as it would give.
     */
    public static JsonNode parseAnswer(byte[] body) throws MatrixException {
        if (body.length == 0) {
            throw MatrixException.notJson("The answer is empty; JSON was expected");
        }
        try {
            return ClientJson.normalized(ANSWERS.readTree(body), "The answer");
        } catch (StreamConstraintsException e) {
            throw MatrixException.badJson("The answer is nested deeper than " + ClientJson.MAX_DEPTH
                    + " levels or has more than " + MAX_ANSWER_TOKENS + " JSON tokens");
        } catch (NumberFormatException | ArithmeticException e) {
            throw MatrixException.badJson("The answer has a number outside [-(2^53)+1, (2^53)-1]");
        } catch (IOException e) {
            throw MatrixException.notJson("The answer is not valid JSON");
        }
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
