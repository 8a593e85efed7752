package org.hearth.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import org.hearth.api.MatrixException;

/**
 * Reading request bodies field by field, with the spec's errors for wrong shapes: 400
 * {@code M_BAD_JSON} naming the field of a wrong type, {@code M_MISSING_PARAM} for a required
 * one absent. For core's routes and bundles' alike.
 */
public final class Bodies {
    private Bodies() {
    }

    /** The body as a JSON object: 400 {@code M_NOT_JSON} / {@code M_BAD_JSON} otherwise. */
    public static JsonNode object(RouteRequest request) throws MatrixException {
        JsonNode body = request.json();
        if (!body.isObject()) {
            throw MatrixException.badJson("The request body must be a JSON object");
        }
        return body;
    }

    /** Like {@link #object}, but an empty body counts as {@code {}} (endpoints whose body is optional). */
    public static JsonNode objectOrEmpty(RouteRequest request) throws MatrixException {
        return request.body().length == 0 ? JsonNodeFactory.instance.objectNode() : object(request);
    }

    /** A string field, or null when absent or null; 400 {@code M_BAD_JSON} when of another type. */
    public static String string(JsonNode body, String field) throws MatrixException {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw MatrixException.badJson(field + " must be a string");
        }
        return value.asText();
    }

    public static String requiredString(JsonNode body, String field) throws MatrixException {
        String value = string(body, field);
        if (value == null) {
            throw MatrixException.missingParam(field + " is required");
        }
        return value;
    }

    public static boolean requiredBool(JsonNode body, String field) throws MatrixException {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw MatrixException.missingParam(field + " is required");
        }
        return bool(body, field, false);
    }

    public static boolean bool(JsonNode body, String field, boolean fallback) throws MatrixException {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw MatrixException.badJson(field + " must be true or false");
        }
        return value.asBoolean();
    }

    public static List<String> strings(JsonNode body, String field) throws MatrixException {
        JsonNode value = body.get(field);
        if (value == null || !value.isArray()) {
            throw MatrixException.badJson(field + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw MatrixException.badJson(field + " must be a list of strings");
            }
            out.add(item.asText());
        }
        return out;
    }
}
