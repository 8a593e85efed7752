package org.hearth.core.internal.client.sync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.UserDataStore.AccountData;
import org.hearth.core.internal.e2ee.EncryptionJson;
import org.hearth.core.internal.paging.StreamToken;
import org.hearth.core.internal.receipts.ReceiptJson;
import org.hearth.core.internal.receipts.UnreadCounts;
import org.hearth.core.internal.rooms.ClientEvents;
import org.hearth.core.internal.sync.SyncResponse.JoinedRoom;
import org.hearth.core.internal.sync.SyncResponse.StrippedRoom;
import org.hearth.core.internal.sync.SyncResponse.Timeline;
import org.hearth.core.internal.sync.SyncResponse;
import org.hearth.core.internal.util.Json;

/** A {@link SyncResponse} as the {@code /sync} JSON body (Client-Server API, "GET /sync"). */
public final class SyncJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The body to be sent: its events' content is written as stored, not readable in the tree. */
    public static ObjectNode of(SyncResponse sync, boolean federationFormat) {
        return new SyncJson(federationFormat, true).write(sync);
    }

    /** The body as a tree to read and reshape (the legacy APIs built on {@code /sync}). */
    public static ObjectNode readable(SyncResponse sync) {
        return new SyncJson(false, false).write(sync);
    }

    private final boolean federationFormat;
    private final boolean written;

    private SyncJson(boolean federationFormat, boolean written) {
        this.federationFormat = federationFormat;
        this.written = written;
    }

    private ArrayNode events(List<StoredEvent> events) {
        ArrayNode out = F.arrayNode();
        events.forEach(e -> out.add(event(e)));
        return out;
    }

    private ObjectNode event(StoredEvent e) {
        if (federationFormat) {
            return ClientEvents.federation(e);
        }
        return written ? ClientEvents.written(e, false) : ClientEvents.format(e, false);
    }

    private ObjectNode write(SyncResponse sync) {
        ObjectNode body = F.objectNode();
        ObjectNode rooms = body.putObject("rooms");
        ObjectNode join = rooms.putObject("join");
        sync.join().forEach((roomId, room) -> join.set(roomId.value(), joined(room)));
        if (!sync.peek().isEmpty()) {
            ObjectNode peek = rooms.putObject("peek");
            sync.peek().forEach((roomId, room) -> peek.set(roomId.value(), joined(room)));
        }
        stripped(rooms.putObject("invite"), sync.invite(), "invite_state");
        ObjectNode leave = rooms.putObject("leave");
        sync.leave().forEach((roomId, room) -> {
            ObjectNode section = leave.putObject(roomId.value());
            section.set("timeline", timeline(room.timeline()));
            section.putObject("state").set("events", events(room.state()));
        });
        stripped(rooms.putObject("knock"), sync.knock(), "knock_state");
        body.putObject("account_data").set("events", accountData(sync.accountData()));
        ArrayNode presence = body.putObject("presence").putArray("events");
        sync.presence().forEach((user, content) -> presence.addObject().put("type", "m.presence")
                .put("sender", user.toString()).set("content", content));
        EncryptionJson.write(body, sync.encryption());
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
        if (!room.receipts().isEmpty()) {
            ephemeral.add(ReceiptJson.event(room.receipts()));
        }
        section.putObject("account_data").set("events", accountData(room.accountData()));
        counts(section.putObject("unread_notifications"), room.unread());
        if (room.unread().threads() != null && !room.unread().threads().isEmpty()) {
            ObjectNode threads = section.putObject("unread_thread_notifications");
            room.unread().threads().forEach((root, counts) -> counts(threads.putObject(root), counts));
        }
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

    private static void counts(ObjectNode out, UnreadCounts counts) {
        out.put("highlight_count", counts.highlights());
        out.put("notification_count", counts.notifications());
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
}
