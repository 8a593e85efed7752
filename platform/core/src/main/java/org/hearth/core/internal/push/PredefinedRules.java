package org.hearth.core.internal.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.hearth.api.id.UserId;

/**
 * The spec's predefined push rules ("Predefined Rules", v1.19, copied from the specification into
 * predefined-rules.json), with the user's own ID filled in where the spec writes
 * "[the user's Matrix ID]".
 */
final class PredefinedRules {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLACEHOLDER = "[the user's Matrix ID]";
    private static final String TEMPLATE;

    static {
        try (InputStream in = PredefinedRules.class.getResourceAsStream("predefined-rules.json")) {
            TEMPLATE = JSON.writeValueAsString(JSON.readTree(in).get("global"));
        } catch (IOException e) {
            throw new UncheckedIOException("the bundle's predefined push rules are unreadable", e);
        }
    }

    private PredefinedRules() {
    }

    /** The predefined rules of the user, {@code {override: [...], ..., underride: [...]}}. */
    static ObjectNode of(UserId user) {
        try {
            // The user ID is a validated identifier: it cannot hold a quote that would break the JSON.
            JsonNode rules = JSON.readTree(TEMPLATE.replace(PLACEHOLDER, user.toString()));
            return (ObjectNode) rules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
