package org.hearth.core.internal.paging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.hearth.api.MatrixException;
import org.hearth.api.spi.storage.StoredEvent;

/**
 * The event-matching part of an EventFilter or RoomEventFilter (Client-Server API, "Filtering"):
 * {@code types}, {@code not_types}, {@code senders}, {@code not_senders}; a type pattern may end
 * in {@code *}. A {@code not_} list wins over its positive list.
 */
public record EventFilter(List<String> types, List<String> notTypes, List<String> senders, List<String> notSenders) {
    public static final EventFilter ALL = new EventFilter(null, List.of(), null, List.of());

    /**
     * The filter; 400 {@code M_BAD_JSON} when a field has the wrong type (a list that is not a
     * list of strings): a filter the client got wrong must not silently match everything.
     */
    public static EventFilter parse(JsonNode filter) throws MatrixException {
        if (filter == null || filter.isNull() || filter.isMissingNode()) {
            return ALL;
        }
        FilterFields.requireObject(filter, "filter");
        // A RoomEventFilter's own rooms and not_rooms are checked here; sync applies the room
        // filter's (the ones that decide which rooms are sent at all).
        FilterFields.roomIds(filter, "rooms");
        FilterFields.roomIds(filter, "not_rooms");
        return new EventFilter(FilterFields.strings(filter, "types"), orEmpty(FilterFields.strings(filter, "not_types")),
                FilterFields.userIds(filter, "senders"), orEmpty(FilterFields.userIds(filter, "not_senders")));
    }

    public boolean matches(StoredEvent event) {
        return matches(event.type(), event.sender());
    }

    /** Whether an event of this type from this sender (null: none, such as account data) passes. */
    public boolean matches(String type, String sender) {
        if (notTypes.stream().anyMatch(p -> typeMatches(p, type)) || (sender != null && notSenders.contains(sender))) {
            return false;
        }
        return (types == null || types.stream().anyMatch(p -> typeMatches(p, type)))
                && (senders == null || sender == null || senders.contains(sender));
    }

    private static boolean typeMatches(String pattern, String type) {
        return pattern.endsWith("*") ? type.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(type);
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
