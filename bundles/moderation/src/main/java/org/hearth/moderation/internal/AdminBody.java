package org.hearth.moderation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteRequest;

/** The fields of an admin request's JSON body, each of the type it must have or a 400 naming it. */
final class AdminBody {
    private final JsonNode body;

    private AdminBody(JsonNode body) {
        this.body = body;
    }

    /** The body; none at all reads as {@code {}} (Synapse's admin API takes a bare DELETE). */
    static AdminBody of(RouteRequest request) throws MatrixException {
        if (request.body().length == 0) {
            return new AdminBody(JsonNodeFactory.instance.objectNode());
        }
        JsonNode json = request.json();
        if (!json.isObject()) {
            throw MatrixException.badJson("The request body must be a JSON object");
        }
        return new AdminBody(json);
    }

    Optional<String> string(String field) throws MatrixException {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw MatrixException.invalidParam("'" + field + "' must be a string");
        }
        return Optional.of(value.asText());
    }

    boolean requiredBool(String field) throws MatrixException {
        if (body.path(field).isMissingNode()) {
            throw MatrixException.missingParam("'" + field + "' is missing");
        }
        return bool(field, false);
    }

    boolean bool(String field, boolean absent) throws MatrixException {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw MatrixException.invalidParam("'" + field + "' must be true or false");
        }
        return value.asBoolean();
    }
}
