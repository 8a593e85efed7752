package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.id.EventId;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.room.Membership;
import org.hearth.api.room.Viewer;
import org.hearth.api.spi.storage.EventFlags;
import org.hearth.api.spi.storage.EventPlacement;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.paging.EventFilter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The read endpoints of a room: state, single events, members, message pages. What a user may
 * read is {@link RoomAccess}'s answer (history visibility): an event the user may not see is not
 * found (404), and pages leave it out; events of erased users come as the reader is served them
 * ({@link ErasedSenders}). Answers are stored events; the routes write them as JSON.
 */
@Component(service = RoomReads.class)
public class RoomReads {
    private static final int MAX_PAGE = 1000;
    /** Gaps one page fills at most (each round one {@code /backfill}); the next page goes on. */
    private static final int MAX_GAP_ROUNDS = 3;

    private final EventStore events;
    private final RoomAccess access;
    private final IgnoredUsers ignoredUsers;
    private final Backfill backfill;
    private final ErasedSenders erased;

    /** A page of {@code /messages}: {@code end} empty when nothing is left in that direction. */
    public record MessagePage(long start, List<StoredEvent> chunk, OptionalLong end) {}

    /** {@code /context}: the event, the visible events before (newest first) and after it, and the state. */
    public record Context(StoredEvent event, List<StoredEvent> before, List<StoredEvent> after, long start, long end,
                          List<StoredEvent> state) {}

    /** A joined member's profile as the member event gives it; either may be null. */
    public record JoinedMember(String displayName, String avatarUrl) {}

    @Activate
    public RoomReads(@Reference EventStore events, @Reference RoomAccess access, @Reference IgnoredUsers ignoredUsers,
                     @Reference Backfill backfill, @Reference ErasedSenders erased) {
        this.backfill = backfill;
        this.erased = erased;
        this.events = events;
        this.access = access;
        this.ignoredUsers = ignoredUsers;
    }

    private RoomView view(UserId user, RoomId roomId) throws MatrixException {
        return access.view(Viewer.user(user), roomId.value());
    }

    /** One state event as the user may see it; 404 when there is none. */
    public StoredEvent stateEvent(UserId user, RoomId roomId, String type, String stateKey) throws MatrixException {
        String eventId = access.state(view(user, roomId)).get(new StateKey(type, stateKey));
        if (eventId == null) {
            throw MatrixException.notFound("Event not found");
        }
        return events.event(eventId).orElseThrow(() -> MatrixException.notFound("Event not found"));
    }

    public List<StoredEvent> state(UserId user, RoomId roomId) throws MatrixException {
        return state(view(user, roomId));
    }

    private List<StoredEvent> state(RoomView view) {
        return events.events(new ArrayList<>(access.state(view).values()));
    }

    /**
     * One event; 404 also in a room the user may read nothing of ("GET /event": "The event was not
     * found or you do not have permission to read this event"), so the answer tells no more.
     */
    public StoredEvent event(UserId user, RoomId roomId, EventId eventId) throws MatrixException {
        RoomView view;
        try {
            view = view(user, roomId);
        } catch (MatrixException e) {
            if (e.status() == 403) {
                throw MatrixException.notFound("Event not found");
            }
            throw e;
        }
        return erased.served(view, events.event(eventId.value()).filter(view::allows).filter(this::partOfRoom)
                .orElseThrow(() -> MatrixException.notFound("Event not found")));
    }

    /**
     * Whether the event counts in its room: a rejected event was never part of it, and a
     * soft-failed one is not served to clients either (Server-Server API, "Soft failure").
     */
    private boolean partOfRoom(StoredEvent event) {
        return events.flags(List.of(event.eventId())).stream().map(EventFlags::status)
                .noneMatch(s -> s == EventPlacement.Status.REJECTED || s == EventPlacement.Status.SOFT_FAILED);
    }

    /**
     * The member events of the visible state (or of the state at stream position {@code at}),
     * with the membership asked for and without the one excluded (either null for any).
     */
    public List<StoredEvent> members(UserId user, RoomId roomId, Membership membership, Membership notMembership,
                                     OptionalLong at) throws MatrixException {
        RoomView view = view(user, roomId);
        Map<StateKey, String> state = at.isEmpty() ? access.state(view)
                : StateBefore.atPosition(events, roomId.value(), Math.min(at.getAsLong(), view.highest()));
        List<StoredEvent> out = new ArrayList<>();
        for (StoredEvent e : events.events(memberEventIds(state))) {
            String m = StoredContent.text(e, "membership");
            if ((membership == null || membership.value().equals(m))
                    && (notMembership == null || !notMembership.value().equals(m))) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<String> memberEventIds(Map<StateKey, String> state) {
        List<String> ids = new ArrayList<>();
        state.forEach((key, id) -> {
            if ("m.room.member".equals(key.type())) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** The joined members and their profiles; only for a member of the room. */
    public Map<UserId, JoinedMember> joinedMembers(UserId user, RoomId roomId) throws MatrixException {
        access.requireJoined(roomId.value(), user);
        Map<UserId, JoinedMember> joined = new LinkedHashMap<>();
        for (StoredEvent e : events.events(memberEventIds(events.currentState(roomId.value())))) {
            JsonNode content = StoredEvents.json(e).path("content");
            if ("join".equals(content.path("membership").asText())) {
                UserId.parse(e.stateKey()).ifPresent(member -> joined.put(member, new JoinedMember(
                        text(content.path("displayname")), text(content.path("avatar_url")))));
            }
        }
        return joined;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    /**
     * {@code GET /messages}: from the position backwards (newest first) or forwards, at most
     * {@code limit} events the user may see that pass the filter, stopping at {@code to}.
     */
    public MessagePage messages(UserId user, RoomId roomId, boolean backwards, OptionalLong from, OptionalLong to,
                                int limit, EventFilter filter) throws MatrixException {
        RoomView view = view(user, roomId);
        long current = events.currentStreamPosition();
        long start = from.orElse(backwards ? current : HistoryVisibility.FIRST_POSITION);
        long bound = to.orElse(backwards ? HistoryVisibility.FIRST_POSITION : current);
        int count = Math.max(1, Math.min(limit, MAX_PAGE));
        IgnoredUsers.Ignored ignored = ignoredUsers.of(user);
        VisiblePages.Page page = VisiblePages.page(events, view, start, bound, backwards, count,
                e -> filter.matches(e) && ignored.test(e));
        // The event the page starts below (a sync's prev_batch is just below the event after a gap)
        List<StoredEvent> above = backwards ? events.roomEvents(roomId.value(), start, current, 1, false) : List.of();
        for (int round = 0; backwards && round < MAX_GAP_ROUNDS; round++) {
            // An event of the page, or the one it starts below, follows a gap in the history held
            // here: the gap's events are fetched into the positions left free below that event,
            // and the page is read again with them.
            List<StoredEvent> near = new ArrayList<>(above);
            near.addAll(page.events());
            Optional<StoredEvent> afterGap = Gaps.newestAfterGap(events, near);
            if (afterGap.isEmpty() || !backfill.intoGap(roomId.value(), afterGap.get())) {
                break;
            }
            page = VisiblePages.page(events, view(user, roomId), start, bound, true, count,
                    e -> filter.matches(e) && ignored.test(e));
        }
        int missing = count - page.events().size();
        if (backwards && to.isEmpty() && page.exhausted() && missing > 0
                && backfill.olderThanHeld(roomId.value())) {
            // The page reached the oldest event held here of a room joined over federation: the
            // history fetched lies below every position held, so the page reads on into it (with
            // the visibility its state events now give), and the client may ask for more.
            List<StoredEvent> held = page.events();
            long next = held.isEmpty() ? start : held.get(held.size() - 1).streamPosition() - 1;
            VisiblePages.Page history = VisiblePages.page(events, view(user, roomId), next, bound, true, missing,
                    e -> filter.matches(e) && ignored.test(e));
            List<StoredEvent> both = new ArrayList<>(held);
            both.addAll(history.events());
            page = new VisiblePages.Page(both, history.cursor(), history.events().isEmpty());
        }
        OptionalLong end = page.exhausted() ? OptionalLong.empty() : OptionalLong.of(page.cursor());
        if (end.isEmpty() && !page.events().isEmpty()) {
            // A page with events always carries an end, as Synapse's does and clients expect:
            // forwards the room goes on, and backwards the next page is the empty one that says
            // "no further events" (the spec omits end then) — or the history a backfill fetched.
            long last = page.events().get(page.events().size() - 1).streamPosition();
            end = OptionalLong.of(backwards ? last - 1 : last);
        }
        return new MessagePage(start, erased.served(view, page.events()), end);
    }

    /**
     * Lazy-loading room members in {@code GET /messages}: the member events of the chunk's
     * senders, as the room's state at the chunk's first event has them (Client-Server API,
     * "Lazy-loading room members": the state the client needs to show the chunk).
     */
    public List<StoredEvent> sendersMembers(UserId user, RoomId roomId, List<StoredEvent> chunk)
            throws MatrixException {
        if (chunk.isEmpty()) {
            return List.of();
        }
        RoomView view = view(user, roomId);
        // One state entry per sender, not the room's whole state (large in a big room, and paged often).
        Optional<Long> group = events.stateGroupOf(chunk.get(0).eventId())
                .or(() -> StateBefore.group(events, chunk.get(0)));
        if (group.isEmpty()) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String sender : chunk.stream().map(StoredEvent::sender).distinct().toList()) {
            events.stateEvent(group.get(), "m.room.member", sender).ifPresent(ids::add);
        }
        return erased.served(view, events.events(List.copyOf(ids)));
    }

    /**
     * {@code GET /context/{eventId}}: up to {@code limit} events around it (half before, half
     * after) that the user may see and that pass the filter, and the room state as the user may
     * see it; with {@code lazyMembers}, of the member events only those of the events' senders
     * ("Lazy-loading room members").
     */
    public Context context(UserId user, RoomId roomId, EventId eventId, int limit, EventFilter filter,
                           boolean lazyMembers) throws MatrixException {
        RoomView view = view(user, roomId);
        StoredEvent event = events.event(eventId.value()).filter(view::allows).filter(this::partOfRoom)
                .orElseThrow(() -> MatrixException.notFound("Event not found"));
        int half = Math.max(0, Math.min(limit, MAX_PAGE)) / 2;
        long position = event.streamPosition();
        IgnoredUsers.Ignored ignored = ignoredUsers.of(user);
        List<StoredEvent> before = half == 0 ? List.of()
                : VisiblePages.page(events, view, position - 1, HistoryVisibility.FIRST_POSITION, true, half,
                        e -> filter.matches(e) && ignored.test(e)).events();
        List<StoredEvent> after = half == 0 ? List.of()
                : VisiblePages.page(events, view, position, events.currentStreamPosition(), false, half,
                        e -> filter.matches(e) && ignored.test(e)).events();
        long start = before.isEmpty() ? position - 1 : before.get(before.size() - 1).streamPosition() - 1;
        long end = after.isEmpty() ? position : after.get(after.size() - 1).streamPosition();
        List<StoredEvent> state = state(view);
        if (lazyMembers) {
            Set<String> senders = new HashSet<>();
            senders.add(event.sender());
            before.forEach(e -> senders.add(e.sender()));
            after.forEach(e -> senders.add(e.sender()));
            state = state.stream().filter(e -> !"m.room.member".equals(e.type()) || senders.contains(e.stateKey()))
                    .toList();
        }
        return new Context(erased.served(view, event), erased.served(view, before), erased.served(view, after),
                start, end, state);
    }

    /**
     * {@code GET /timestamp_to_event}: the event nearest the time in that direction that the user
     * may see; 404 {@code M_NOT_FOUND} when there is none.
     */
    public StoredEvent eventAt(UserId user, RoomId roomId, long ts, boolean forward) throws MatrixException {
        RoomView view = view(user, roomId);
        StoredEvent found = events.eventAt(roomId.value(), ts, forward).orElse(null);
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
        return found;
    }
}
