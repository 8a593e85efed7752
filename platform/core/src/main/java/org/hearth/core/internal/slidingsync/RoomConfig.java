package org.hearth.core.internal.slidingsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.api.MatrixException;

/**
 * A room config of a list or a room subscription (MSC4186): how many timeline events, which state.
 * The server caps {@code timeline_limit} at {@value #MAX_TIMELINE}.
 */
public record RoomConfig(int timelineLimit, RequiredState requiredState) {
    static final int MAX_TIMELINE = 100;

    /** The superset of both ("Combining room configs"). */
    RoomConfig combine(RoomConfig other) {
        return other == null ? this : new RoomConfig(Math.max(timelineLimit, other.timelineLimit),
                requiredState.union(other.requiredState));
    }

    /** Whether a room sent with {@code before} must be sent again in full to meet this config. */
    boolean widens(RoomConfig before) {
        return timelineLimit > before.timelineLimit || !before.requiredState.covers(requiredState);
    }

    /** Reads {@code timeline_limit} and {@code required_state}; {@code inherited} fills what is absent. */
    static RoomConfig parse(JsonNode node, RoomConfig inherited) throws MatrixException {
        JsonNode limit = node.get("timeline_limit");
        int timelineLimit;
        if (limit == null || limit.isNull()) {
            timelineLimit = inherited == null ? 0 : inherited.timelineLimit;
        } else if (!limit.canConvertToInt() || !limit.isIntegralNumber() || limit.intValue() < 0) {
            throw MatrixException.badJson("timeline_limit must be a non-negative integer");
        } else {
            timelineLimit = Math.min(MAX_TIMELINE, limit.intValue());
        }
        JsonNode state = node.get("required_state");
        RequiredState requiredState = state == null || state.isNull()
                ? (inherited == null ? RequiredState.NONE : inherited.requiredState) : RequiredState.parse(state);
        return new RoomConfig(timelineLimit, requiredState);
    }

    ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("timeline_limit", timelineLimit);
        out.set("required_state", requiredState.toJson());
        return out;
    }
}
