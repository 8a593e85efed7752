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
import org.hearth.api.room.Viewer;
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
 * read is {@link RoomAccess}'s answer (history visibility): an event the user may not see is not
 * found (404), and pages leave it out.
 */
@Component(service = RoomReads.class)
public class RoomReads {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_PAGE = 1000;

    private final EventStore events;
    private final RoomAccess access;
    private final IgnoredUsers ignoredUsers;

    @Activate
    public RoomReads(@Reference EventStore events, @Reference RoomAccess access, @Reference IgnoredUsers ignoredUsers) {
        this.events = events;
        this.access = access;
        this.ignoredUsers = ignoredUsers;
    }

    private RoomView view(UserId user, String roomId) throws MatrixException {
        return access.view(Viewer.user(user), roomId);
    }

    public JsonNode stateContent(UserId user, String roomId, String type, String stateKey) throws MatrixException {
        String eventId = access.state(view(user, roomId)).get(new StateKey(type, stateKey));
        StoredEvent event = eventId == null ? null : events.event(eventId).orElse(null);
        if (event == null) {
            throw MatrixException.notFound("Event not found");
        }
        return StoredEvents.json(event).path("content");
    }

    public ArrayNode state(UserId user, String roomId) throws MatrixException {
        return stateJson(view(user, roomId));
    }

    private ArrayNode stateJson(RoomView view) {
        ArrayNode out = F.arrayNode();
        events.events(new ArrayList<>(access.state(view).values())).forEach(e -> out.add(ClientEvents.format(e, true)));
        return out;
    }

    public ObjectNode event(UserId user, String roomId, String eventId) throws MatrixException {
        RoomView view = view(user, roomId);
        StoredEvent event = events.event(eventId).filter(view::allows)
                .orElseThrow(() -> MatrixException.notFound("Event not found"));
        return ClientEvents.format(event, true);
    }

    public ObjectNode members(UserId user, String roomId, String membership, String notMembership, String at)
            throws MatrixException {
        RoomView view = view(user, roomId);
        Map<StateKey, String> state = at == null ? access.state(view)
                : stateAt(roomId, Math.min(StreamToken.parse(at), view.highest()));
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
     * {@code limit} events the user may see that pass the filter, stopping at {@code to};
     * {@code end} is absent when there is no more.
     */
    public ObjectNode messages(UserId user, String roomId, boolean backwards, String from, String to, int limit,
                               EventFilter filter) throws MatrixException {
        RoomView view = view(user, roomId);
        long current = events.currentStreamPosition();
        long start = from == null ? (backwards ? current : 0) : StreamToken.parse(from);
        long bound = to == null ? (backwards ? 0 : current) : StreamToken.parse(to);
        int count = Math.max(1, Math.min(limit, MAX_PAGE));
        IgnoredUsers.Ignored ignored = ignoredUsers.of(user);
        VisiblePages.Page page = VisiblePages.page(events, view, start, bound, backwards, count,
                e -> filter.matches(e) && ignored.test(e));
        ObjectNode out = F.objectNode();
        out.put("start", StreamToken.of(start));
        ArrayNode chunk = out.putArray("chunk");
        page.events().forEach(e -> chunk.add(ClientEvents.format(e, true)));
        if (!page.exhausted()) {
            out.put("end", StreamToken.of(page.cursor()));
        }
        return out;
    }

    /**
     * {@code GET /context/{eventId}}: up to {@code limit} events around it (half before, half
     * after) that the user may see, and the room state as the user may see it.
     */
    public ObjectNode context(UserId user, String roomId, String eventId, int limit) throws MatrixException {
        RoomView view = view(user, roomId);
        StoredEvent event = events.event(eventId).filter(view::allows)
                .orElseThrow(() -> MatrixException.notFound("Event not found"));
        int half = Math.max(0, Math.min(limit, MAX_PAGE)) / 2;
        long position = event.streamPosition();
        IgnoredUsers.Ignored ignored = ignoredUsers.of(user);
        List<StoredEvent> before = half == 0 ? List.of()
                : VisiblePages.page(events, view, position - 1, 0, true, half, ignored).events();
        List<StoredEvent> after = half == 0 ? List.of()
                : VisiblePages.page(events, view, position, events.currentStreamPosition(), false, half, ignored).events();
        ObjectNode out = F.objectNode();
        out.set("event", ClientEvents.format(event, true));
        ArrayNode beforeJson = out.putArray("events_before");
        before.forEach(e -> beforeJson.add(ClientEvents.format(e, true)));
        ArrayNode afterJson = out.putArray("events_after");
        after.forEach(e -> afterJson.add(ClientEvents.format(e, true)));
        out.put("start", StreamToken.of(before.isEmpty() ? position - 1 : before.get(before.size() - 1).streamPosition() - 1));
        out.put("end", StreamToken.of(after.isEmpty() ? position : after.get(after.size() - 1).streamPosition()));
        out.set("state", stateJson(view));
        return out;
    }

    /**
     * {@code GET /timestamp_to_event}: the event nearest the time in that direction that the user
     * may see; 404 {@code M_NOT_FOUND} when there is none.
     */
    public ObjectNode eventAt(UserId user, String roomId, long ts, boolean forward) throws MatrixException {
        RoomView view = view(user, roomId);
        StoredEvent found = events.eventAt(roomId, ts, forward).orElse(null);
        if (found != null && !view.allows(found)) {
            // the nearest visible one, looking on in the same direction
            long position = found.streamPosition();
            List<StoredEvent> next = VisiblePages.page(events, view, forward ? position : position - 1,
                    forward ? events.currentStreamPosition() : 0, !forward, 1, e -> true).events();
            found = next.isEmpty() ? null : next.get(0);
        }
        if (found == null) {
            throw MatrixException.notFound("No event found " + (forward ? "after" : "before") + " " + ts);
        }
        ObjectNode out = F.objectNode();
        out.put("event_id", found.eventId());
        out.put("origin_server_ts", found.originServerTs());
        return out;
    }
}
