package org.hearth.core.internal.rooms;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.DeviceListStore;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Who came to share a joined room with a viewer, and who stopped sharing any, between two
 * positions of the event stream, read off the membership events of the viewer's rooms. Device
 * lists ("Tracking the device list for a user") and presence ("Presence": a newly shared user's
 * presence is sent) both follow it.
 *
 * <ul>
 *   <li>A user who joins a room the viewer is in, and every member of a room the viewer joins,
 *       came to share it, even if they shared another room already; the viewer's own profile
 *       changes (join after join) are not joins.</li>
 *   <li>A user the viewer stopped sharing a room with, by either leaving, has left when they
 *       share no joined room any more.</li>
 *   <li>Every member of a room whose partial state was completed ({@link PartialStates}) came to
 *       share it (as Synapse reports them): the viewer's devices must learn their device lists to
 *       encrypt for them, and a member event held before the fetch (the join's auth chain: the
 *       creator's join) is in no stream range.</li>
 *   <li>A user invited to a room the viewer is in is told apart: clients encrypt for invited
 *       members too, so their device lists are news (as Synapse reports them), their presence is not.</li>
 * </ul>
 */
@Component(service = SharedRooms.class)
public class SharedRooms {
    private final DeviceListStore store;
    private final EventStore events;
    private final RecentEvents recent;
    private final PartialStates partialStates;

    /** The memberships of the viewer's rooms whose membership events can change who they share rooms with. */
    public static final List<String> WITH_MEMBER_EVENTS = List.of("join", "leave", "ban");

    /** Users (never the viewer) who came to share a joined room, who share none any more, and who were invited. */
    public record Changes(Set<UserId> joined, Set<UserId> left, Set<UserId> invited) {
        public static final Changes NONE = new Changes(Set.of(), Set.of(), Set.of());
    }

    @Activate
    public SharedRooms(@Reference DeviceListStore store, @Reference EventStore events,
                       @Reference RecentEvents recent, @Reference PartialStates partialStates) {
        this.store = store;
        this.partialStates = partialStates;
        this.events = events;
        this.recent = recent;
    }

    /**
     * The changes in (after, upTo] seen through the membership events of the viewer's rooms, given
     * as their memberships by room ID ({@link EventStore#membershipsOf}, read once by a sync).
     */
    public Changes changes(UserId viewer, Map<String, String> membershipsByRoom, long after, long upTo) {
        if (upTo <= after) {
            return Changes.NONE;
        }
        List<String> rooms = membershipsByRoom.entrySet().stream()
                .filter(m -> WITH_MEMBER_EVENTS.contains(m.getValue())).map(Map.Entry::getKey).toList();
        return changes(viewer, rooms, after, upTo);
    }

    /** The changes seen through the membership events of {@code roomIds} in (after, upTo]. */
    public Changes changes(UserId viewer, Collection<String> roomIds, long after, long upTo) {
        Set<UserId> joined = new LinkedHashSet<>();
        Set<UserId> mayHaveLeft = new LinkedHashSet<>();
        Set<UserId> invited = new LinkedHashSet<>();
        if (upTo > after && !roomIds.isEmpty()) {
            for (StoredEvent event : recent.memberEvents(store, roomIds, after, upTo)) {
                membershipChanged(viewer, event, joined, mayHaveLeft, invited);
            }
            for (String roomId : partialStates.completedIn(roomIds, after, upTo)) {
                joinedMembers(roomId).forEach(joined::add);
            }
        }
        joined.remove(viewer);
        mayHaveLeft.remove(viewer);
        Set<UserId> others = new HashSet<>(joined);
        others.addAll(mayHaveLeft);
        Set<UserId> sharing = others.isEmpty() ? Set.of() : store.sharingRoomWith(viewer, others);
        joined.retainAll(sharing);
        mayHaveLeft.removeAll(sharing);
        invited.removeAll(mayHaveLeft); // an invite rejected or withdrawn in the same range
        return new Changes(joined, mayHaveLeft, invited);
    }

    private void membershipChanged(UserId viewer, StoredEvent event, Set<UserId> joined, Set<UserId> mayHaveLeft,
                                   Set<UserId> invited) {
        Optional<UserId> target = UserId.parse(event.stateKey());
        if (target.isEmpty()) {
            return;
        }
        String membership = membership(event.json());
        boolean leaving = "leave".equals(membership) || "ban".equals(membership);
        if (!target.get().equals(viewer)) {
            if ("join".equals(membership)) {
                joined.add(target.get());
            } else if ("invite".equals(membership)) {
                invited.add(target.get());
            } else if (leaving) {
                mayHaveLeft.add(target.get());
            }
            return;
        }
        if ("join".equals(membership) && !wasJoined(event, viewer)) {
            joinedMembers(event.roomId()).forEach(joined::add);
        } else if (leaving) {
            joinedMembers(event.roomId()).forEach(mayHaveLeft::add);
        }
    }

    private List<UserId> joinedMembers(String roomId) {
        return events.memberships(roomId).entrySet().stream().filter(m -> "join".equals(m.getValue()))
                .map(m -> UserId.parse(m.getKey())).flatMap(Optional::stream).toList();
    }

    /** Whether the user was joined just before their join event (then it changed only their profile). */
    private boolean wasJoined(StoredEvent event, UserId user) {
        String memberEvent = StateBefore.of(events, event).get(new StateKey("m.room.member", user.toString()));
        return memberEvent != null && events.event(memberEvent).map(e -> "join".equals(membership(e.json()))).orElse(false);
    }

    private static String membership(String eventJson) {
        return Json.stored(eventJson).path("content").path("membership").asText("");
    }
}
