package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.hearth.api.spi.storage.StoredEvent;

/**
 * The stripped state another server sends with an invite of a user of this one into a room this
 * server is not in (Server-Server API, "Inviting to a room": {@code invite_room_state}): kept in
 * the {@code unsigned} section of the stored invite, so the invitee sees the room's name, avatar
 * and join rules before joining it (Client-Server API, "Stripped state").
 */
public final class InviteRoomState {
    public static final String FIELD = "invite_room_state";
    /** Stripped state names and describes a room: a handful of events, never the member list. */
    static final int MAX_EVENTS = 20;

    private InviteRoomState() {
    }

    /** Only well-formed stripped events (type, state_key, sender, content), at most {@link #MAX_EVENTS}. */
    public static ArrayNode sanitize(JsonNode received) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (received == null || !received.isArray()) {
            return out;
        }
        for (JsonNode e : received) {
            if (out.size() == MAX_EVENTS) {
                break;
            }
            if (e.path("type").isTextual() && e.path("state_key").isTextual() && e.path("sender").isTextual()
                    && e.path("content").isObject()) {
                ObjectNode stripped = out.addObject();
                stripped.set("type", e.get("type"));
                stripped.set("state_key", e.get("state_key"));
                stripped.set("sender", e.get("sender"));
                stripped.set("content", e.get("content"));
            }
        }
        return out;
    }

    /** The stripped state kept with an invite, other than the invite itself; empty for a local one. */
    public static List<StoredEvent> of(StoredEvent invite) {
        List<StoredEvent> out = new ArrayList<>();
        for (JsonNode e : StoredEvents.json(invite).path("unsigned").path(FIELD)) {
            if (!("m.room.member".equals(e.path("type").asText())
                    && invite.stateKey().equals(e.path("state_key").asText()))) {
                out.add(new StoredEvent(0, "", invite.roomId(), 0, e.path("type").asText(),
                        e.path("state_key").asText(), e.path("sender").asText(), 0, e.toString(), null));
            }
        }
        return out;
    }
}
