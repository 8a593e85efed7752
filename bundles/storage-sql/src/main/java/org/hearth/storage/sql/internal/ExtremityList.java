package org.hearth.storage.sql.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A room's forward extremities as the {@code room_extremities.event_ids} column holds them: a JSON
 * array of event IDs, sorted and without duplicates, so that the room's row is replaced in one
 * statement (see migration 021).
 */
final class ExtremityList {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> IDS = new TypeReference<>() {};

    private ExtremityList() {
    }

    static String json(Collection<String> eventIds) {
        try {
            return JSON.writeValueAsString(new TreeSet<>(eventIds));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event IDs as JSON", e);
        }
    }

    /** The event IDs of a column value; none for a room without a row. */
    static List<String> parse(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return List.copyOf(JSON.readValue(json, IDS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("room_extremities holds no JSON array of event IDs: " + json, e);
        }
    }
}
