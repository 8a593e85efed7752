package org.hearth.core.internal.rooms;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.room.Viewer;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.RoomStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.rooms.HistoryVisibility.Change;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Who may read what in a room: the one place every read path asks ({@code /messages},
 * {@code /context}, {@code /event}, {@code /state}, {@code /members}, {@code /sync},
 * {@code timestamp_to_event}, and {@link org.hearth.api.room.RoomViews} for bundles).
 *
 * <ul>
 *   <li>Events: the history visibility rules ({@link HistoryVisibility}) for the viewer.</li>
 *   <li>Entry: a user who is joined, or ever was (up to their leaving, unless banned), or anyone when the room
 *       is {@code world_readable} now; others get 403 {@code M_FORBIDDEN}, an unknown room 404.</li>
 *   <li>State: the current state for members and in world-readable rooms; for a former member the
 *       state as it was at their last membership change.</li>
 * </ul>
 */
@Component(service = RoomAccess.class)
public class RoomAccess {
    private static final String MEMBER = "m.room.member";
    private static final String VISIBILITY = "m.room.history_visibility";

    private final EventStore events;
    private final RoomStore rooms;
    private final ViewsKept kept = new ViewsKept();

    @Activate
    public RoomAccess(@Reference EventStore events, @Reference RoomStore rooms) {
        this.events = events;
        this.rooms = rooms;
    }

    /**
     * 400 {@code M_INVALID_PARAM} unless the text has the shape of a room ID: {@code !} and an
     * opaque part (appendices, "Room IDs"; from room version 12 without a server name).
     */
    public static void checkRoomId(String roomId) throws MatrixException {
        if (!RoomId.isValid(roomId)) {
            throw MatrixException.invalidParam("Invalid room ID " + roomId);
        }
    }

    /** The user's current membership event in the room. */
    public Optional<StoredEvent> membershipEvent(String roomId, UserId user) {
        return events.currentStateEvent(roomId, MEMBER, user.toString()).flatMap(events::event);
    }

    public String membership(String roomId, UserId user) {
        return membershipEvent(roomId, user).map(RoomAccess::membershipOf).orElse("leave");
    }

    /** 403 unless the user is joined. */
    public void requireJoined(String roomId, UserId user) throws MatrixException {
        checkRoomId(roomId);
        rooms.room(roomId).orElseThrow(() -> MatrixException.notFound("Unknown room " + roomId));
        if (!"join".equals(membership(roomId, user))) {
            throw MatrixException.forbidden("You are not joined to this room");
        }
    }

    /**
     * What the viewer may read of the room: 400 for a malformed room ID, 404 for an unknown room,
     * 403 {@code M_FORBIDDEN} for a viewer who may read nothing there.
     */
    public RoomView view(Viewer viewer, String roomId) throws MatrixException {
        checkRoomId(roomId);
        rooms.room(roomId).orElseThrow(() -> MatrixException.notFound("Unknown room " + roomId));
        if (viewer instanceof Viewer.Everything) {
            return new RoomView(roomId, HistoryVisibility.EVERYTHING, null, true);
        }
        List<Change> visibility = changes(events.stateChanges(List.of(roomId), VISIBILITY, ""), VISIBILITY);
        Map<String, List<StoredEvent>> byUser = new LinkedHashMap<>();
        if (viewer instanceof Viewer.User user) {
            byUser.put(user.userId().toString(), events.stateChanges(List.of(roomId), MEMBER, user.userId().toString()));
        } else if (viewer instanceof Viewer.Server server) {
            String suffix = ":" + server.server().value();
            for (StoredEvent e : events.stateChanges(List.of(roomId), MEMBER, null)) {
                if (e.stateKey().endsWith(suffix)) {
                    byUser.computeIfAbsent(e.stateKey(), k -> new ArrayList<>()).add(e);
                }
            }
        }
        RoomView view = view(roomId, visibility, byUser)
                .orElseThrow(() -> MatrixException.forbidden("You are not a member of this room"));
        if (view.stateAt() != null && viewer instanceof Viewer.User && byUser.values().stream()
                .allMatch(changes -> "ban".equals(membershipOf(changes.get(changes.size() - 1))))) {
            // A user who left may still read the room up to their leaving; one banned from it may
            // not (as Synapse; SyTest 30rooms/07ban). /sync still shows the ban in "leave".
            throw MatrixException.forbidden("You are banned from this room");
        }
        return view;
    }

    /**
     * The views of a user in several rooms at once, for {@code /sync}: two reads whatever the
     * number of rooms (the store keeps the histories while the room's state does not change), and
     * a view built before when built from the same events ({@link ViewsKept}). Rooms where the
     * user may read nothing are absent.
     */
    public Map<String, RoomView> views(UserId user, Collection<String> roomIds) {
        Map<String, List<StoredEvent>> visibility = byRoom(events.stateChanges(roomIds, VISIBILITY, ""));
        Map<String, List<StoredEvent>> memberships = byRoom(events.stateChanges(roomIds, MEMBER, user.toString()));
        Map<String, RoomView> views = new HashMap<>();
        String userId = user.toString();
        for (String roomId : roomIds) {
            List<StoredEvent> roomVisibility = visibility.getOrDefault(roomId, List.of());
            List<StoredEvent> userMemberships = memberships.getOrDefault(roomId, List.of());
            kept.view(roomId, userId, roomVisibility, userMemberships,
                    () -> view(roomId, changes(roomVisibility, VISIBILITY), Map.of(userId, userMemberships)))
                    .ifPresent(v -> views.put(roomId, v));
        }
        return views;
    }

    /** The state the view shows: current, or as it was at {@link RoomView#stateAt()}. */
    public Map<StateKey, String> state(RoomView view) {
        if (view.stateAt() == null) {
            return events.currentState(view.roomId());
        }
        return events.stateGroupOf(view.stateAt()).map(events::state).orElse(Map.of());
    }

    /** The view from the room's visibility history and the viewer's users' membership histories; empty: may read nothing. */
    private Optional<RoomView> view(String roomId, List<Change> visibility, Map<String, List<StoredEvent>> byUser) {
        Map<String, List<Change>> memberships = new LinkedHashMap<>();
        byUser.forEach((user, changes) -> memberships.put(user, changes(changes, MEMBER)));
        HistoryVisibility rules = byUser.size() == 1
                ? HistoryVisibility.of(visibility, byUser.keySet().iterator().next(), memberships.values().iterator().next())
                : HistoryVisibility.anyOf(visibility, memberships);
        boolean joined = false;
        boolean everJoined = false;
        StoredEvent lastMembership = null;
        for (Map.Entry<String, List<StoredEvent>> user : byUser.entrySet()) {
            List<StoredEvent> changes = user.getValue();
            if (changes.isEmpty()) {
                continue;
            }
            StoredEvent last = changes.get(changes.size() - 1);
            List<Change> values = memberships.get(user.getKey()); // each event's JSON read once, above
            joined |= "join".equals(values.get(values.size() - 1).value());
            everJoined |= values.stream().anyMatch(c -> "join".equals(c.value()));
            if (lastMembership == null || last.streamPosition() > lastMembership.streamPosition()) {
                lastMembership = last;
            }
        }
        boolean worldReadable = !visibility.isEmpty()
                && HistoryVisibility.WORLD_READABLE.equals(visibility.get(visibility.size() - 1).value());
        if (joined || worldReadable) {
            return Optional.of(new RoomView(roomId, rules, null, joined));
        }
        if (everJoined) {
            return Optional.of(new RoomView(roomId, rules, lastMembership.eventId(), false));
        }
        return Optional.empty();
    }

    private static Map<String, List<StoredEvent>> byRoom(List<StoredEvent> changes) {
        Map<String, List<StoredEvent>> out = new HashMap<>();
        changes.forEach(e -> out.computeIfAbsent(e.roomId(), k -> new ArrayList<>()).add(e));
        return out;
    }

    private static List<Change> changes(List<StoredEvent> stored, String type) {
        List<Change> out = new ArrayList<>(stored.size());
        for (StoredEvent e : stored) {
            String value = MEMBER.equals(type) ? membershipOf(e)
                    : StoredContent.text(e, "history_visibility");
            out.add(new Change(e.streamPosition(), value));
        }
        return out;
    }

    /** The membership a member event sets. */
    public static String membershipOf(StoredEvent member) {
        String membership = StoredContent.text(member, "membership");
        return membership == null ? "leave" : membership;
    }
}
