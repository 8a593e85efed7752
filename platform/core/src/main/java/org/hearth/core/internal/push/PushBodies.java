package org.hearth.core.internal.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.hearth.api.event.RoomEvent;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.PushStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.event.RoomEvents;
import org.hearth.core.internal.rooms.InviteRoomState;
import org.hearth.core.internal.util.Json;

/** The bodies of {@code POST /_matrix/push/v1/notify} (Push Gateway API) for one pusher. */
final class PushBodies {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final PushStore store;
    private final EventStore events;

    PushBodies(PushStore store, EventStore events) {
        this.store = store;
        this.events = events;
    }

    /** A notification of the event, with the user's unread count across rooms and the rule's tweaks. */
    ObjectNode body(PushStore.Pusher pusher, JsonNode data, StoredEvent stored, PushStore.Notification n) {
        RoomEvent event = RoomEvents.of(stored);
        ObjectNode body = F.objectNode();
        ObjectNode notification = body.putObject("notification");
        notification.put("event_id", event.eventId().value());
        notification.put("id", event.eventId().value()); // the earlier name, which gateways such as Sygnal still read
        notification.put("room_id", event.roomId().value());
        notification.put("prio", n.highlight() ? "high" : "low");
        if (!"event_id_only".equals(data.path("format").asText())) {
            notification.put("type", event.type());
            notification.put("sender", event.sender().toString());
            String senderName = stateContent(stored, "m.room.member", event.sender().toString())
                    .path("displayname").textValue();
            if (senderName != null) {
                notification.put("sender_display_name", senderName);
            }
            String roomName = stateContent(stored, "m.room.name", "").path("name").textValue();
            if (roomName == null) {
                roomName = stateContent(stored, "m.room.canonical_alias", "").path("alias").textValue();
            }
            if (roomName != null) {
                notification.put("room_name", roomName); // the name, else the canonical alias, as Synapse sends
            }
            if ("m.room.member".equals(event.type())) {
                notification.put("membership", event.content().path("membership").asText());
                notification.put("user_is_target", n.userId().equals(event.stateKey()));
            }
            notification.set("content", event.content());
        }
        notification.putObject("counts").put("unread", unread(n.userId()));
        ObjectNode tweaks = device(notification, pusher, data).putObject("tweaks");
        for (JsonNode action : Json.stored(n.actionsJson())) {
            if (action.path("set_tweak").isTextual()) {
                tweaks.set(action.get("set_tweak").asText(), action.has("value") ? action.get("value") : F.booleanNode(true));
            }
        }
        return body;
    }

    /** A notification of the unread count alone, at low priority (nothing to alert about). */
    static ObjectNode badge(PushStore.Pusher pusher, JsonNode data, long unread) {
        ObjectNode body = F.objectNode();
        ObjectNode notification = body.putObject("notification");
        notification.put("prio", "low");
        notification.putObject("counts").put("unread", unread);
        device(notification, pusher, data).putObject("tweaks");
        return body;
    }

    /** The user's unread notifications across their rooms (Push Gateway API, {@code counts.unread}). */
    long unread(String userId) {
        UserId user = UserId.parse(userId).orElseThrow();
        long total = 0;
        for (PushStore.UnreadCount c : store.unreadCounts(user, events.roomsOf(user, List.of("join")))) {
            total += c.notifications();
        }
        return total;
    }

    /** The pusher as the notification's only device; {@code data} goes without {@code url}. */
    private static ObjectNode device(ObjectNode notification, PushStore.Pusher pusher, JsonNode data) {
        ObjectNode device = notification.putArray("devices").addObject();
        device.put("app_id", pusher.appId());
        device.put("pushkey", pusher.pushkey());
        device.put("pushkey_ts", pusher.ts() / 1000);
        ObjectNode deviceData = data.deepCopy();
        deviceData.remove("url");
        device.set("data", deviceData);
        return device;
    }

    /**
     * The content of a state event of the event's room: from the current state, else, for an invite
     * into a room this server is not in, from the stripped state the inviting server sent with it
     * (as Synapse names such a room and its inviter).
     */
    private JsonNode stateContent(StoredEvent event, String type, String stateKey) {
        Optional<JsonNode> current = events.currentStateEvent(event.roomId(), type, stateKey).flatMap(events::event)
                .map(e -> Json.stored(e.json()).path("content"));
        if (current.isPresent() || !"m.room.member".equals(event.type())) {
            return current.orElse(F.missingNode());
        }
        for (StoredEvent stripped : InviteRoomState.of(event)) {
            if (type.equals(stripped.type()) && stateKey.equals(stripped.stateKey())) {
                return Json.stored(stripped.json()).path("content");
            }
        }
        return F.missingNode();
    }
}
