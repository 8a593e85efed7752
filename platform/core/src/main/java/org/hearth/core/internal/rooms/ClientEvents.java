package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.List;
import org.hearth.api.spi.storage.StoredEvent;

/**
 * Stored events in the forms clients see (Client-Server API, "Room event format"): the
 * ClientEvent, without the federation fields (hashes, signatures, auth and prev events, depth),
 * with {@code unsigned.age}; and the stripped state of invites.
 */
public final class ClientEvents {
    private ClientEvents() {
    }

    /** A ClientEvent; {@code withRoomId} false inside {@code /sync}'s per-room sections. */
    public static ObjectNode format(StoredEvent stored, boolean withRoomId) {
        ObjectNode pdu = StoredEvents.json(stored);
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.set("content", pdu.path("content").isObject() ? pdu.get("content") : JsonNodeFactory.instance.objectNode());
        envelope(stored, withRoomId, event);
        redacts(pdu, event);
        unsigned(stored, event);
        return event;
    }

    /**
     * A ClientEvent to be written out as it is, not read: its content is the stored JSON text
     * (no tree of the PDU is built), so callers must not look into it. For {@code /sync}, which
     * writes thousands of events.
     */
    public static ObjectNode written(StoredEvent stored, boolean withRoomId) {
        if ("m.room.redaction".equals(stored.type())) {
            return format(stored, withRoomId); // its redacts is moved between top level and content
        }
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.putRawValue("content", new RawValue(StoredContent.json(stored)));
        envelope(stored, withRoomId, event);
        unsigned(stored, event);
        return event;
    }

    private static void envelope(StoredEvent stored, boolean withRoomId, ObjectNode event) {
        event.put("event_id", stored.eventId());
        event.put("origin_server_ts", stored.originServerTs());
        if (withRoomId) {
            event.put("room_id", stored.roomId());
        }
        event.put("sender", stored.sender());
        if (stored.stateKey() != null) {
            event.put("state_key", stored.stateKey());
        }
        event.put("type", stored.type());
    }

    private static void unsigned(StoredEvent stored, ObjectNode event) {
        ObjectNode unsigned = event.putObject("unsigned");
        unsigned.put("age", Math.max(0, System.currentTimeMillis() - stored.originServerTs()));
        if (stored.redactedBy() != null) {
            unsigned.putObject("redacted_because").put("event_id", stored.redactedBy());
            unsigned.put("redacted_by", stored.redactedBy()); // Synapse's short form, which SyTest reads
        }
    }

    /**
     * A redaction names what it redacts at the top level before room version 11, in its content
     * from then on; clients get both, old ones reading the one, new ones the other (room version
     * 11, "Moving the redacts property").
     */
    private static void redacts(ObjectNode pdu, ObjectNode event) {
        JsonNode top = pdu.get("redacts");
        JsonNode inContent = event.get("content").get("redacts");
        if (top != null) {
            event.set("redacts", top);
            if (inContent == null && "m.room.redaction".equals(pdu.path("type").asText())) {
                ObjectNode content = ((ObjectNode) event.get("content")).deepCopy(); // the stored JSON stays as it is
                event.set("content", content.set("redacts", top));
            }
        } else if (inContent != null && inContent.isTextual() && "m.room.redaction".equals(pdu.path("type").asText())) {
            event.set("redacts", inContent);
        }
    }

    /**
     * An event as the homeserver holds it ({@code event_format: federation} of a filter): the PDU
     * with its {@code event_id} and the {@code unsigned} a client gets.
     */
    public static ObjectNode federation(StoredEvent stored) {
        ObjectNode event = StoredEvents.json(stored); // a tree of its own
        event.put("event_id", stored.eventId());
        unsigned(stored, event);
        return event;
    }

    /** ClientEvents of several events, in their order. */
    public static ArrayNode array(List<StoredEvent> events, boolean withRoomId) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        events.forEach(e -> out.add(format(e, withRoomId)));
        return out;
    }

    /** Stripped state (Client-Server API, "Stripped state"): type, state key, content, sender. */
    public static ObjectNode stripped(StoredEvent stored) {
        ObjectNode pdu = StoredEvents.json(stored);
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.set("content", pdu.path("content"));
        event.put("sender", stored.sender());
        event.put("state_key", stored.stateKey());
        event.put("type", stored.type());
        return event;
    }
}
