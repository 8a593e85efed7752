package org.hearth.core.internal.client.sync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.ToDeviceStore.Message;
import org.hearth.api.spi.storage.UserDataStore.AccountData;
import org.hearth.core.internal.e2ee.EncryptionSync;
import org.hearth.core.internal.paging.StreamToken;
import org.hearth.core.internal.rooms.ClientEvents;
import org.hearth.core.internal.sync.SyncResponse.JoinedRoom;
import org.hearth.core.internal.sync.SyncResponse.StrippedRoom;
import org.hearth.core.internal.sync.SyncResponse.Timeline;
import org.hearth.core.internal.sync.SyncResponse;
import org.hearth.core.internal.util.Json;

/** A {@link SyncResponse} as the {@code /sync} JSON body (Client-Server API, "GET /sync"). */
final class SyncJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static ObjectNode of(SyncResponse sync, boolean federationFormat) {
        return new SyncJson(federationFormat).write(sync);
    }

    private final boolean federationFormat;

    private SyncJson(boolean federationFormat) {
        this.federationFormat = federationFormat;
    }

    private ArrayNode events(List<StoredEvent> events) {
        ArrayNode out = F.arrayNode();
        events.forEach(e -> out.add(event(e)));
        return out;
    }

    private ObjectNode event(StoredEvent e) {
        return federationFormat ? ClientEvents.federation(e) : ClientEvents.format(e, false);
    }

    private ObjectNode write(SyncResponse sync) {
        ObjectNode body = F.objectNode();
        ObjectNode rooms = body.putObject("rooms");
        ObjectNode join = rooms.putObject("join");
        sync.join().forEach((roomId, room) -> join.set(roomId.value(), joined(room)));
        stripped(rooms.putObject("invite"), sync.invite(), "invite_state");
        ObjectNode leave = rooms.putObject("leave");
        sync.leave().forEach((roomId, room) -> {
            ObjectNode section = leave.putObject(roomId.value());
            section.set("timeline", timeline(room.timeline()));
            section.putObject("state").set("events", events(room.state()));
        });
        stripped(rooms.putObject("knock"), sync.knock(), "knock_state");
        body.putObject("account_data").set("events", accountData(sync.accountData()));
        body.putObject("presence").putArray("events");
        encryption(body, sync.encryption());
        body.put("next_batch", sync.nextBatch().toString());
        return body;
    }

    private ObjectNode joined(JoinedRoom room) {
        ObjectNode section = F.objectNode();
        section.set("timeline", timeline(room.timeline()));
        section.putObject("state").set("events", events(room.state()));
        ArrayNode ephemeral = section.putObject("ephemeral").putArray("events");
        if (room.typing() != null) {
            ArrayNode typers = ephemeral.addObject().put("type", "m.typing").putObject("content").putArray("user_ids");
            room.typing().forEach(u -> typers.add(u.toString()));
        }
        section.putObject("account_data").set("events", accountData(room.accountData()));
        ObjectNode unread = section.putObject("unread_notifications");
        unread.put("highlight_count", room.unread().highlights());
        unread.put("notification_count", room.unread().notifications());
        if (room.summary() != null) {
            ObjectNode summary = section.putObject("summary");
            if (room.summary().heroes() != null) {
                ArrayNode heroes = summary.putArray("m.heroes");
                room.summary().heroes().forEach(u -> heroes.add(u.toString()));
            }
            summary.put("m.joined_member_count", room.summary().joinedMembers());
            summary.put("m.invited_member_count", room.summary().invitedMembers());
        }
        return section;
    }

    private ObjectNode timeline(Timeline timeline) {
        ObjectNode out = F.objectNode();
        ArrayNode events = out.putArray("events");
        for (StoredEvent e : timeline.events()) {
            ObjectNode event = event(e);
            String txnId = timeline.transactionIds().get(e.eventId());
            if (txnId != null) {
                ((ObjectNode) event.get("unsigned")).put("transaction_id", txnId);
            }
            events.add(event);
        }
        out.put("limited", timeline.limited());
        out.put("prev_batch", StreamToken.of(timeline.prevBatch()));
        return out;
    }

    private static void stripped(ObjectNode out, Map<RoomId, StrippedRoom> rooms, String field) {
        rooms.forEach((roomId, room) -> {
            ArrayNode events = out.putObject(roomId.value()).putObject(field).putArray("events");
            room.state().forEach(e -> events.add(ClientEvents.stripped(e)));
        });
    }

    private static ArrayNode accountData(List<AccountData> data) {
        ArrayNode out = F.arrayNode();
        for (AccountData d : data) {
            ObjectNode event = out.addObject();
            event.put("type", d.type());
            event.set("content", Json.stored(d.contentJson()));
        }
        return out;
    }

    private static void encryption(ObjectNode body, EncryptionSync.Section e2ee) {
        ArrayNode messages = body.putObject("to_device").putArray("events");
        for (Message m : e2ee.toDevice()) {
            ObjectNode event = messages.addObject();
            event.put("sender", m.sender().toString());
            event.put("type", m.type());
            event.set("content", Json.stored(m.contentJson()));
        }
        if (e2ee.oneTimeKeyCounts() != null) {
            ObjectNode counts = body.putObject("device_one_time_keys_count");
            e2ee.oneTimeKeyCounts().forEach(counts::put);
            ArrayNode fallback = body.putArray("device_unused_fallback_key_types");
            e2ee.unusedFallbackKeyTypes().forEach(fallback::add);
        }
        if (e2ee.deviceLists() != null) {
            ObjectNode lists = body.putObject("device_lists");
            ArrayNode changed = lists.putArray("changed");
            e2ee.deviceLists().changed().forEach(u -> changed.add(u.toString()));
            ArrayNode left = lists.putArray("left");
            e2ee.deviceLists().left().forEach((UserId u) -> left.add(u.toString()));
        }
    }
}
