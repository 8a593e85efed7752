package org.hearth.core.internal.paging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.hearth.api.spi.storage.StoredEvent;

/**
 * The event-matching part of a RoomEventFilter (Client-Server API, "Filtering"): {@code types},
 * {@code not_types}, {@code senders}, {@code not_senders}; a type pattern may end in {@code *}.
 * A {@code not_} list wins over its positive list.
 */
public record EventFilter(List<String> types, List<String> notTypes, List<String> senders, List<String> notSenders) {
    public static final EventFilter ALL = new EventFilter(null, List.of(), null, List.of());

    public static EventFilter from(JsonNode filter) {
        return new EventFilter(list(filter.get("types")), orEmpty(list(filter.get("not_types"))),
                list(filter.get("senders")), orEmpty(list(filter.get("not_senders"))));
    }

    public boolean matches(StoredEvent event) {
        if (notTypes.stream().anyMatch(p -> typeMatches(p, event.type())) || notSenders.contains(event.sender())) {
            return false;
        }
        return (types == null || types.stream().anyMatch(p -> typeMatches(p, event.type())))
                && (senders == null || senders.contains(event.sender()));
    }

    private static boolean typeMatches(String pattern, String type) {
        return pattern.endsWith("*") ? type.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(type);
    }

    private static List<String> list(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
