package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.sync.EventFilter;
import org.hearth.core.internal.sync.StreamToken;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The read endpoints of a room: state, single events, members, message pages. What a user may
 * read is {@link RoomAccess}'s answer: members everything, former members up to their leaving.
 */
@Component(service = RoomReads.class)
public class RoomReads {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_PAGE = 1000;

    private final EventStore events;
    private final RoomAccess access;

    @Activate
    public RoomReads(@Reference EventStore events, @Reference RoomAccess access) {
        this.events = events;
        this.access = access;
    }

    /** The state the user may see: current for members, as it was at their leaving for former members. */
    private Map<StateKey, String> visibleState(UserId user, String roomId) throws MatrixException {
        return visibleState(roomId, access.readable(roomId, user));
    }

    private Map<StateKey, String> visibleState(String roomId, RoomAccess.Readable readable) {
        if (readable.isMember()) {
            return events.currentState(roomId);
        }
        return events.stateGroupOf(readable.membership().eventId()).map(events::state).orElse(Map.of());
    }

    public JsonNode stateContent(UserId user, String roomId, String type, String stateKey) throws MatrixException {
        String eventId = visibleState(user, roomId).get(new StateKey(type, stateKey));
        StoredEvent event = eventId == null ? null : events.event(eventId).orElse(null);
        if (event == null) {
            throw MatrixException.notFound("Event not found");
        }
        return StoredEvents.json(event).path("content");
    }

    public ArrayNode state(UserId user, String roomId) throws MatrixException {
        ArrayNode out = F.arrayNode();
        events.events(new ArrayList<>(visibleState(user, roomId).values()))
                .forEach(e -> out.add(ClientEvents.format(e, true)));
        return out;
    }

    public ObjectNode event(UserId user, String roomId, String eventId) throws MatrixException {
        long upTo = access.readableUpTo(roomId, user);
        StoredEvent event = events.event(eventId)
                .filter(e -> e.roomId().equals(roomId) && e.streamPosition() <= upTo)
                .orElseThrow(() -> MatrixException.notFound("Event not found"));
        return ClientEvents.format(event, true);
    }

    public ObjectNode members(UserId user, String roomId, String membership, String notMembership, String at)
            throws MatrixException {
        RoomAccess.Readable readable = access.readable(roomId, user);
        Map<StateKey, String> state = at == null ? visibleState(roomId, readable)
                : stateAt(roomId, Math.min(StreamToken.parse(at), readable.upTo()));
        List<String> ids = new ArrayList<>();
        state.forEach((key, id) -> {
            if ("m.room.member".equals(key.type())) {
                ids.add(id);
            }
        });
        ArrayNode chunk = F.arrayNode();
        for (StoredEvent e : events.events(ids)) {
            String m = StoredEvents.json(e).path("content").path("membership").asText();
            if ((membership == null || membership.equals(m)) && (notMembership == null || !notMembership.equals(m))) {
                chunk.add(ClientEvents.format(e, true));
            }
        }
        ObjectNode out = F.objectNode();
        out.set("chunk", chunk);
        return out;
    }

    /** The room state after the last event at or before the stream position. */
    private Map<StateKey, String> stateAt(String roomId, long position) {
        List<StoredEvent> last = events.roomEvents(roomId, 0, position, 1, true);
        if (last.isEmpty()) {
            return Map.of();
        }
        return events.stateGroupOf(last.get(0).eventId()).map(events::state).orElse(Map.of());
    }

    public ObjectNode joinedMembers(UserId user, String roomId) throws MatrixException {
        access.requireJoined(roomId, user);
        List<String> ids = new ArrayList<>();
        events.currentState(roomId).forEach((key, id) -> {
            if ("m.room.member".equals(key.type())) {
                ids.add(id);
            }
        });
        ObjectNode joined = F.objectNode();
        for (StoredEvent e : events.events(ids)) {
            JsonNode content = StoredEvents.json(e).path("content");
            if ("join".equals(content.path("membership").asText())) {
                ObjectNode member = joined.putObject(e.stateKey());
                member.set("display_name", content.path("displayname").isTextual() ? content.get("displayname") : F.nullNode());
                member.set("avatar_url", content.path("avatar_url").isTextual() ? content.get("avatar_url") : F.nullNode());
            }
        }
        ObjectNode out = F.objectNode();
        out.set("joined", joined);
        return out;
    }

    /**
     * {@code GET /messages}: from the token backwards (newest first) or forwards, at most
     * {@code limit} events that pass the filter, stopping at {@code to}; {@code end} is absent
     * when there is no more.
     */
    public ObjectNode messages(UserId user, String roomId, boolean backwards, String from, String to, int limit,
                               EventFilter filter) throws MatrixException {
        long readable = access.readableUpTo(roomId, user);
        long current = events.currentStreamPosition();
        long start = from == null ? (backwards ? current : 0) : StreamToken.parse(from);
        long bound = to == null ? (backwards ? 0 : current) : StreamToken.parse(to);
        int count = Math.max(1, Math.min(limit, MAX_PAGE));
        List<StoredEvent> page = new ArrayList<>();
        long cursor = backwards ? Math.min(start, readable) : start;
        boolean exhausted = false;
        while (page.size() < count && !exhausted) {
            List<StoredEvent> batch = backwards
                    ? events.roomEvents(roomId, bound, cursor, count, true)
                    : events.roomEvents(roomId, cursor, Math.min(bound, readable), count, false);
            exhausted = batch.size() < count;
            for (StoredEvent e : batch) {
                cursor = backwards ? e.streamPosition() - 1 : e.streamPosition();
                if (filter.matches(e) && page.size() < count) {
                    page.add(e);
                }
            }
        }
        ObjectNode out = F.objectNode();
        out.put("start", StreamToken.of(start));
        ArrayNode chunk = out.putArray("chunk");
        page.forEach(e -> chunk.add(ClientEvents.format(e, true)));
        if (!exhausted) {
            out.put("end", StreamToken.of(cursor));
        }
        return out;
    }

    /**
     * {@code GET /context/{eventId}}: up to {@code limit} events around it (half before, half
     * after), and the room state as the user may see it.
     */
    public ObjectNode context(UserId user, String roomId, String eventId, int limit) throws MatrixException {
        long readable = access.readableUpTo(roomId, user);
        StoredEvent event = events.event(eventId)
                .filter(e -> e.roomId().equals(roomId) && e.streamPosition() <= readable)
                .orElseThrow(() -> MatrixException.notFound("Event not found"));
        int half = Math.max(0, Math.min(limit, MAX_PAGE)) / 2;
        long position = event.streamPosition();
        List<StoredEvent> before = half == 0 ? List.of() : events.roomEvents(roomId, 0, position - 1, half, true);
        List<StoredEvent> after = half == 0 ? List.of()
                : events.roomEvents(roomId, position, Math.min(readable, events.currentStreamPosition()), half, false);
        ObjectNode out = F.objectNode();
        out.set("event", ClientEvents.format(event, true));
        ArrayNode beforeJson = out.putArray("events_before");
        before.forEach(e -> beforeJson.add(ClientEvents.format(e, true)));
        ArrayNode afterJson = out.putArray("events_after");
        after.forEach(e -> afterJson.add(ClientEvents.format(e, true)));
        out.put("start", StreamToken.of(before.isEmpty() ? position - 1 : before.get(before.size() - 1).streamPosition() - 1));
        out.put("end", StreamToken.of(after.isEmpty() ? position : after.get(after.size() - 1).streamPosition()));
        out.set("state", state(user, roomId));
        return out;
    }

    /** {@code GET /timestamp_to_event}: 404 {@code M_NOT_FOUND} when no event lies in that direction. */
    public ObjectNode eventAt(UserId user, String roomId, long ts, boolean forward) throws MatrixException {
        long readable = access.readableUpTo(roomId, user);
        StoredEvent event = events.eventAt(roomId, ts, forward)
                .filter(e -> e.streamPosition() <= readable)
                .orElseThrow(() -> MatrixException.notFound("No event found " + (forward ? "after" : "before") + " " + ts));
        ObjectNode out = F.objectNode();
        out.put("event_id", event.eventId());
        out.put("origin_server_ts", event.originServerTs());
        return out;
    }
}
