package org.hearth.federation.internal.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.hearth.api.MatrixException;
import org.hearth.api.id.EventId;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.federation.internal.http.Inbound;

/** Checks of request parameters shared by the inbound endpoints. */
final class Params {
    private Params() {
    }

    /** A whole number query parameter within bounds; the default when absent. */
    static int intParam(Inbound request, String name, int fallback, int min, int max) throws MatrixException {
        String text = request.queryParam(name).orElse(null);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            return Math.max(min, Math.min(max, value));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam(name + " must be an integer");
        }
    }

    /** Event IDs given as a list of strings, at most {@code max}. */
    static List<EventId> eventIds(JsonNode list, String name, int max) throws MatrixException {
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray() || list.size() > max) {
            throw MatrixException.badJson(name + " must be a list of at most " + max + " event IDs");
        }
        List<EventId> out = new ArrayList<>();
        for (JsonNode id : list) {
            out.add(EventId.parse(id.asText(null)).orElseThrow(() -> MatrixException.badJson(name + " holds an invalid event ID")));
        }
        return out;
    }

    static List<EventId> eventIds(List<String> texts, String name, int max) throws MatrixException {
        if (texts.size() > max) {
            throw MatrixException.invalidParam("At most " + max + " " + name);
        }
        List<EventId> out = new ArrayList<>();
        for (String text : texts) {
            out.add(EventId.parse(text).orElseThrow(() -> MatrixException.invalidParam("Invalid event ID " + text)));
        }
        return out;
    }

    /** A membership handshake is for a user of the calling server only. */
    static void userOfOrigin(UserId user, ServerName origin) throws MatrixException {
        if (!user.server().equals(origin)) {
            throw MatrixException.forbidden("The user " + user + " does not belong to " + origin);
        }
    }

    static EventId requiredEventId(Inbound request) throws MatrixException {
        String text = request.queryParam("event_id").orElseThrow(() -> MatrixException.missingParam("event_id is required"));
        return EventId.parse(text).orElseThrow(() -> MatrixException.invalidParam("Invalid event ID " + text));
    }
}
