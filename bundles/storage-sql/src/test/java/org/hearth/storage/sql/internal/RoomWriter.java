package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.Fixtures.NOW;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.ClientTxn;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.EventStore.Appended;
import org.hearth.api.spi.storage.NewEvent;
import org.hearth.api.spi.storage.StateKey;

/**
 * Appends events to one room as core would: each on the state group left by the one before and
 * as the room's only forward extremity. The n-th event (from 1) has ID {@code $n_<room>}, depth n
 * and origin_server_ts {@code NOW + n seconds}.
 */
final class RoomWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An appended event and what the store assigned it. */
    record Sent(String eventId, long streamPosition, long stateGroup) {
    }

    final String roomId;
    private final EventStore events;
    private long group;
    private int count;

    RoomWriter(EventStore events, String roomId) {
        this.events = events;
        this.roomId = roomId;
    }

    /** The state group after the last event, 0 before the first. */
    long group() {
        return group;
    }

    Sent create(UserId creator) {
        return state("m.room.create", "", creator, Map.of("creator", creator.toString(), "room_version", "12"));
    }

    /** The user's own membership event (join, leave). */
    Sent member(UserId user, String membership) {
        return member(user, user, membership);
    }

    /** A membership event about the user sent by another (invite, ban). */
    Sent member(UserId sender, UserId user, String membership) {
        return state("m.room.member", user.toString(), sender, Map.of("membership", membership));
    }

    Sent state(String type, String stateKey, UserId sender, Map<String, String> content) {
        NewEvent event = event(type, stateKey, sender, content, null);
        return append(event, Map.of(new StateKey(type, stateKey), event.eventId()));
    }

    Sent message(UserId sender, String body) {
        return message(sender, body, null);
    }

    Sent message(UserId sender, String body, ClientTxn txn) {
        return append(event("m.room.message", null, sender, Map.of("msgtype", "m.text", "body", body), txn), Map.of());
    }

    /** The next event, not yet appended. */
    NewEvent event(String type, String stateKey, UserId sender, Map<String, String> content, ClientTxn txn) {
        int n = count + 1;
        long ts = NOW + n * 1000L;
        ObjectNode json = JSON.createObjectNode()
                .put("room_id", roomId).put("type", type).put("sender", sender.toString())
                .put("depth", n).put("origin_server_ts", ts);
        if (stateKey != null) {
            json.put("state_key", stateKey);
        }
        content.forEach(json.putObject("content")::put);
        return new NewEvent("$" + n + "_" + roomId.substring(1), type, stateKey, sender.toString(), n, ts,
                text(json), txn);
    }

    /** Appends the event on the group of the one before, with itself as the only extremity. */
    Sent append(NewEvent event, Map<StateKey, String> delta) {
        Appended appended = events.append(roomId, event, group, delta, List.of(event.eventId()));
        group = appended.stateGroup();
        count++;
        return new Sent(event.eventId(), appended.streamPosition(), appended.stateGroup());
    }

    private static String text(ObjectNode json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
