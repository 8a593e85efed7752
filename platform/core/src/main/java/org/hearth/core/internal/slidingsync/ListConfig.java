package org.hearth.core.internal.slidingsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.hearth.api.MatrixException;

/**
 * A list (MSC4186 {@code SyncListConfig}): its ranges into the filtered, recency-sorted rooms
 * (none: every room), its room config and filters. Today's clients send {@code ranges}, a list of
 * ranges, and leave out what has not changed since the last request (the previous config then
 * holds); the merged proposal sends one {@code range}.
 */
public record ListConfig(List<long[]> ranges, RoomConfig config, ListFilters filters) {
    static final int MAX_RANGES = 10;

    /** Whether the index into the filtered list falls in a range. */
    boolean covers(int index) {
        if (ranges == null) {
            return true;
        }
        for (long[] r : ranges) {
            if (index >= r[0] && index <= r[1]) {
                return true;
            }
        }
        return false;
    }

    static ListConfig parse(JsonNode node, ListConfig previous) throws MatrixException {
        if (!node.isObject()) {
            throw MatrixException.badJson("A list must be an object");
        }
        List<long[]> ranges;
        if (node.hasNonNull("ranges")) {
            JsonNode list = node.get("ranges");
            if (!list.isArray() || list.size() > MAX_RANGES) {
                throw MatrixException.badJson("ranges must be a list of at most " + MAX_RANGES + " ranges");
            }
            ranges = new ArrayList<>();
            for (JsonNode range : list) {
                ranges.add(range(range));
            }
        } else if (node.hasNonNull("range")) {
            ranges = List.of(range(node.get("range")));
        } else {
            ranges = null; // no range: every room of the list
        }
        RoomConfig config = RoomConfig.parse(node, previous == null ? null : previous.config);
        ListFilters filters = node.has("filters") ? ListFilters.parse(node.get("filters"))
                : previous == null ? ListFilters.NONE : previous.filters;
        return new ListConfig(ranges, config, filters);
    }

    private static long[] range(JsonNode range) throws MatrixException {
        if (!range.isArray() || range.size() != 2 || !range.get(0).isIntegralNumber() || !range.get(1).isIntegralNumber()
                || !range.get(0).canConvertToLong() || !range.get(1).canConvertToLong()
                || range.get(0).longValue() < 0 || range.get(1).longValue() < range.get(0).longValue()) {
            throw MatrixException.badJson("A range is [start, end], integers with 0 <= start <= end");
        }
        return new long[] {range.get(0).longValue(), range.get(1).longValue()};
    }

    ObjectNode toJson() {
        ObjectNode out = config.toJson();
        if (ranges != null) {
            ArrayNode array = out.putArray("ranges");
            ranges.forEach(r -> array.addArray().add(r[0]).add(r[1]));
        }
        out.set("filters", filters.toJson());
        return out;
    }
}
