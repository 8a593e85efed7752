package org.hearth.core.internal.slidingsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.hearth.api.MatrixException;
import org.hearth.api.id.RoomId;

/**
 * One sliding sync request, read and checked (MSC4186 "Request Body").
 *
 * @param connId  the connection, "" when not given
 * @param pos     the {@code pos} it continues from, null for a new connection
 * @param timeoutMs how long to wait for news
 * @param body    the checked JSON body
 * @param sticky  today's clients' dialect (the unstable path): lists, subscriptions and extension
 *                configs last until changed, and rooms carry {@code invite_state}
 */
public record SlidingSyncRequest(String connId, String pos, long timeoutMs, JsonNode body, boolean sticky) {
    static final int MAX_LISTS = 100;
    static final int MAX_SUBSCRIPTIONS = 100;
    static final int MAX_EXTENSION_BYTES = 4096;
    /** The "opaque identifiers" grammar of the appendices, for list keys and {@code conn_id}. */
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9._~-]{1,255}");

    /** Reads {@code conn_id}; 400 {@code M_INVALID_PARAM} when it is not an opaque identifier. */
    public static String connId(JsonNode body) throws MatrixException {
        JsonNode conn = body.get("conn_id");
        if (conn == null || conn.isNull()) {
            return "";
        }
        if (!conn.isTextual() || !OPAQUE.matcher(conn.asText()).matches()) {
            throw MatrixException.invalidParam("conn_id must be an opaque identifier of at most 255 characters");
        }
        return conn.asText();
    }

    /** Applies the request's lists, subscriptions and extension configs to what the connection had. */
    void applyTo(ConnectionState state) throws MatrixException {
        JsonNode lists = body.get("lists");
        Map<String, ListConfig> newLists = new LinkedHashMap<>();
        if (lists != null && !lists.isNull()) {
            if (!lists.isObject()) {
                throw MatrixException.badJson("lists must be an object");
            }
            if (lists.size() > MAX_LISTS) {
                throw MatrixException.invalidParam("At most " + MAX_LISTS + " lists");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = lists.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!OPAQUE.matcher(e.getKey()).matches()) {
                    throw MatrixException.invalidParam("List keys must be opaque identifiers");
                }
                newLists.put(e.getKey(), ListConfig.parse(e.getValue(), sticky ? state.lists.get(e.getKey()) : null));
            }
        }
        state.lists.clear();
        state.lists.putAll(newLists);

        if (!sticky) {
            state.subscriptions.clear();
        }
        JsonNode unsubscribe = body.get("unsubscribe_rooms");
        if (unsubscribe != null && !unsubscribe.isNull()) {
            if (!unsubscribe.isArray() || unsubscribe.size() > MAX_SUBSCRIPTIONS) {
                throw MatrixException.badJson("unsubscribe_rooms must be a list of at most " + MAX_SUBSCRIPTIONS);
            }
            for (JsonNode roomId : unsubscribe) {
                if (!roomId.isTextual()) {
                    throw MatrixException.badJson("unsubscribe_rooms must hold room IDs");
                }
                state.subscriptions.remove(roomId.asText());
            }
        }
        JsonNode subs = body.get("room_subscriptions");
        if (subs != null && !subs.isNull()) {
            if (!subs.isObject()) {
                throw MatrixException.badJson("room_subscriptions must be an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = subs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!RoomId.isValid(e.getKey())) {
                    throw MatrixException.invalidParam("Invalid room ID " + e.getKey());
                }
                if (!e.getValue().isObject()) {
                    throw MatrixException.badJson("A room subscription must be an object");
                }
                state.subscriptions.put(e.getKey(), RoomConfig.parse(e.getValue(), null));
            }
        }
        if (state.subscriptions.size() > MAX_SUBSCRIPTIONS) {
            throw MatrixException.invalidParam("At most " + MAX_SUBSCRIPTIONS + " room subscriptions");
        }

        JsonNode extensions = body.get("extensions");
        if (extensions != null && !extensions.isNull()) {
            if (!extensions.isObject() || extensions.toString().length() > MAX_EXTENSION_BYTES) {
                throw MatrixException.badJson("extensions must be an object of at most " + MAX_EXTENSION_BYTES + " bytes");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = extensions.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isObject()) {
                    if (e.getValue().isNull()) {
                        continue;
                    }
                    throw MatrixException.badJson("extensions." + e.getKey() + " must be an object");
                }
                // Fields given replace the stored ones; the others stay (clients send a config once).
                ObjectNode stored = state.extensions.has(e.getKey()) ? (ObjectNode) state.extensions.get(e.getKey())
                        : state.extensions.putObject(e.getKey());
                stored.setAll((ObjectNode) e.getValue());
            }
        }
    }
}
