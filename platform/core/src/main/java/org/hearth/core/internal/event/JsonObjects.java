package org.hearth.core.internal.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** Small helpers for the JSON objects that hashing and signing look at. */
public final class JsonObjects {
    private JsonObjects() {
    }

    /**
     * A shallow copy of an object without some top-level keys, as the hashing and signing
     * algorithms each drop a few before encoding. It shares the remaining values with the
     * original, so it is for reading only.
     */
    public static ObjectNode without(ObjectNode json, Set<String> keys) {
        ObjectNode copy = json.objectNode();
        json.properties().forEach(member -> {
            if (!keys.contains(member.getKey())) {
                copy.set(member.getKey(), member.getValue());
            }
        });
        return copy;
    }

    /**
     * The string under a top-level key.
     *
     * @throws IllegalArgumentException if there is no string there
     */
    static String requiredText(ObjectNode json, String key) {
        JsonNode value = json.get(key);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("the event has no string " + key);
        }
        return value.textValue();
    }
}
