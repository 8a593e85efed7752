package org.hearth.core.internal.slidingsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hearth.api.MatrixException;

/**
 * A list's filters (MSC4186 {@code SlidingRoomFilter}); a null field does not filter. A room type
 * of null in {@code room_types} / {@code not_room_types} stands for rooms without a type.
 */
public record ListFilters(Boolean isDm, Boolean isEncrypted, Boolean isInvited, List<String> roomTypes,
                          List<String> notRoomTypes, List<String> tags, List<String> notTags, List<String> spaces) {
    static final ListFilters NONE = new ListFilters(null, null, null, null, null, null, null, null);
    private static final int MAX_ITEMS = 100;

    /** What the filters look at of one room. */
    public record Facts(boolean dm, boolean encrypted, boolean invited, String roomType, Set<String> tags,
                        boolean inSpaces) {}

    boolean needsSpaces() {
        return spaces != null;
    }

    boolean matches(Facts room) {
        if (isDm != null && isDm != room.dm()) {
            return false;
        }
        if (isEncrypted != null && isEncrypted != room.encrypted()) {
            return false;
        }
        if (isInvited != null && isInvited != room.invited()) {
            return false;
        }
        if (notRoomTypes != null && notRoomTypes.contains(room.roomType())) {
            return false;
        }
        if (roomTypes != null && !roomTypes.contains(room.roomType())) {
            return false;
        }
        if (notTags != null && notTags.stream().anyMatch(room.tags()::contains)) {
            return false;
        }
        if (tags != null && tags.stream().noneMatch(room.tags()::contains)) {
            return false;
        }
        return spaces == null || room.inSpaces();
    }

    static ListFilters parse(JsonNode node) throws MatrixException {
        if (node == null || node.isNull()) {
            return NONE;
        }
        if (!node.isObject()) {
            throw MatrixException.badJson("filters must be an object");
        }
        // is_invite: today's clients; is_invited: the merged proposal.
        Boolean invited = flag(node, node.has("is_invited") ? "is_invited" : "is_invite");
        return new ListFilters(flag(node, "is_dm"), flag(node, "is_encrypted"), invited,
                strings(node, "room_types", true), strings(node, "not_room_types", true), strings(node, "tags", false),
                strings(node, "not_tags", false), strings(node, "spaces", false));
    }

    private static Boolean flag(JsonNode node, String field) throws MatrixException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw MatrixException.badJson("filters." + field + " must be a boolean");
        }
        return value.booleanValue();
    }

    private static List<String> strings(JsonNode node, String field, boolean nullable) throws MatrixException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray() || value.size() > MAX_ITEMS) {
            throw MatrixException.badJson("filters." + field + " must be a list of at most " + MAX_ITEMS);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (item.isTextual()) {
                out.add(item.asText());
            } else if (nullable && item.isNull()) {
                out.add(null);
            } else {
                throw MatrixException.badJson("filters." + field + " must hold strings");
            }
        }
        return out;
    }

    ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        putFlag(out, "is_dm", isDm);
        putFlag(out, "is_encrypted", isEncrypted);
        putFlag(out, "is_invited", isInvited);
        putList(out, "room_types", roomTypes);
        putList(out, "not_room_types", notRoomTypes);
        putList(out, "tags", tags);
        putList(out, "not_tags", notTags);
        putList(out, "spaces", spaces);
        return out;
    }

    private static void putFlag(ObjectNode out, String field, Boolean value) {
        if (value != null) {
            out.put(field, value);
        }
    }

    private static void putList(ObjectNode out, String field, List<String> values) {
        if (values != null) {
            ArrayNode array = out.putArray(field);
            values.forEach(array::add);
        }
    }
}
