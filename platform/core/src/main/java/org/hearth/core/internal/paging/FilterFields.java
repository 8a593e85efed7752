package org.hearth.core.internal.paging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.hearth.api.MatrixException;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;

/** Type checks of filter fields (Client-Server API, "Filtering"): a wrong type is 400 {@code M_BAD_JSON}. */
public final class FilterFields {
    /** The most entries of one list: more is no filter anyone writes by hand. */
    static final int MAX_LIST = 1000;

    private FilterFields() {
    }

    public static void requireObject(JsonNode node, String name) throws MatrixException {
        if (!node.isObject()) {
            throw MatrixException.badJson(name + " must be an object");
        }
    }

    /** The field's object, or a missing node when it is absent. */
    public static JsonNode object(JsonNode parent, String field) throws MatrixException {
        JsonNode node = parent.path(field);
        if (!node.isMissingNode() && !node.isNull()) {
            requireObject(node, field);
        }
        return node;
    }

    /** A boolean, strictly: {@code "true"} or {@code 1} is not one. */
    public static boolean bool(JsonNode parent, String field, boolean absent) throws MatrixException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isBoolean()) {
            throw MatrixException.badJson(field + " must be true or false");
        }
        return node.asBoolean();
    }

    /** A non-negative integer, or {@code absent}. */
    public static int count(JsonNode parent, String field, int absent) throws MatrixException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isIntegralNumber() || node.asLong() < 0 || !node.canConvertToInt()) {
            throw MatrixException.badJson(field + " must be a non-negative integer");
        }
        return node.asInt();
    }

    /** A list of room IDs ({@code rooms}, {@code not_rooms}), or null when absent. */
    public static List<String> roomIds(JsonNode filter, String field) throws MatrixException {
        return ids(filter, field, RoomId::isValid, "room IDs");
    }

    /** A list of user IDs ({@code senders}, {@code not_senders}), or null when absent. */
    public static List<String> userIds(JsonNode filter, String field) throws MatrixException {
        return ids(filter, field, id -> UserId.parse(id).isPresent(), "user IDs");
    }

    private static List<String> ids(JsonNode filter, String field, Predicate<String> valid, String what)
            throws MatrixException {
        List<String> ids = strings(filter, field);
        if (ids != null) {
            for (String id : ids) {
                if (!valid.test(id)) {
                    throw MatrixException.badJson(field + " must be a list of " + what + ": " + id + " is not one");
                }
            }
        }
        return ids;
    }

    /** A list of strings, or null when absent. */
    public static List<String> strings(JsonNode filter, String field) throws MatrixException {
        JsonNode node = filter.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray() || node.size() > MAX_LIST) {
            throw MatrixException.badJson(field + " must be a list of at most " + MAX_LIST + " strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw MatrixException.badJson(field + " must be a list of strings");
            }
            out.add(n.asText());
        }
        return out;
    }
}
