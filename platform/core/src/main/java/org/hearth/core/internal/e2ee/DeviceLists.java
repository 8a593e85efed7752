package org.hearth.core.internal.e2ee;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.DeviceListStore;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.rooms.Notifier;
import org.hearth.core.internal.rooms.StateBefore;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Whose device lists a user must fetch again (Client-Server API, "Tracking the device list for a
 * user", and {@code device_lists} in "Extensions to /sync"): {@code changed} lists users who
 * changed devices or keys, and users who came to share a room with the viewer; {@code left} those
 * who no longer share any room with the viewer.
 *
 * <ul>
 *   <li>Device and key changes come from the {@link DeviceListStore}, recorded by the writes
 *       themselves; joins and leaves from the membership events in the window.</li>
 *   <li>A user who joins a room the viewer is in, and every member of a room the viewer joins,
 *       is reported changed even if they shared another room already (the spec allows it); the
 *       viewer's own profile changes are not joins.</li>
 *   <li>A user the viewer stopped sharing a room with, by either leaving, is reported left when
 *       they share no joined room any more.</li>
 * </ul>
 */
@Component(service = DeviceLists.class)
public class DeviceLists {
    private static final List<String> JOIN = List.of("join");
    private static final List<String> ROOMS_WITH_MEMBER_EVENTS = List.of("join", "leave", "ban");

    private final DeviceListStore store;
    private final EventStore events;
    private final Notifier notifier;

    /** What one viewer must fetch again, or stop tracking. */
    public record Changes(Set<UserId> changed, Set<UserId> left) {
        public boolean isEmpty() {
            return changed.isEmpty() && left.isEmpty();
        }
    }

    @Activate
    public DeviceLists(@Reference DeviceListStore store, @Reference EventStore events, @Reference Notifier notifier) {
        this.store = store;
        this.events = events;
        this.notifier = notifier;
    }

    public long currentPosition() {
        return store.currentPosition();
    }

    /** The user's devices or keys changed (recorded already): wakes the polls of everyone who shares a room with them. */
    public void changed(UserId user) {
        notifier.userChanged(user.toString());
        events.roomsOf(user, JOIN).forEach(notifier::roomChanged);
    }

    /** A change only {@code viewer} sees (recorded already): wakes their polls. */
    public void changedFor(UserId viewer) {
        notifier.userChanged(viewer.toString());
    }

    /**
     * The changes the viewer sees between two sync positions: events in (eventsAfter,
     * eventsUpTo], device-list changes in (listsAfter, listsUpTo].
     */
    public Changes changes(UserId viewer, long eventsAfter, long eventsUpTo, long listsAfter, long listsUpTo) {
        Set<UserId> changed = new LinkedHashSet<>(listsUpTo > listsAfter
                ? store.changedFor(viewer, listsAfter, listsUpTo) : Set.of());
        Set<UserId> joined = new LinkedHashSet<>();
        Set<UserId> mayHaveLeft = new LinkedHashSet<>();
        if (eventsUpTo > eventsAfter) {
            Collection<String> rooms = events.roomsOf(viewer, ROOMS_WITH_MEMBER_EVENTS);
            for (StoredEvent event : store.memberEvents(rooms, eventsAfter, eventsUpTo)) {
                membershipChanged(viewer, event, joined, mayHaveLeft);
            }
        }
        Set<UserId> others = new HashSet<>(joined);
        others.addAll(mayHaveLeft);
        others.remove(viewer);
        Set<UserId> sharing = others.isEmpty() ? Set.of() : store.sharingRoomWith(viewer, others);
        joined.retainAll(sharing);
        changed.addAll(joined);
        Set<UserId> left = new LinkedHashSet<>(mayHaveLeft);
        left.removeAll(sharing);
        left.remove(viewer);
        changed.removeAll(left);
        return new Changes(changed, left);
    }

    private void membershipChanged(UserId viewer, StoredEvent event, Set<UserId> joined, Set<UserId> mayHaveLeft) {
        Optional<UserId> target = UserId.parse(event.stateKey());
        if (target.isEmpty()) {
            return;
        }
        String membership = membership(event.json());
        boolean leaving = "leave".equals(membership) || "ban".equals(membership);
        if (!target.get().equals(viewer)) {
            if ("join".equals(membership)) {
                joined.add(target.get());
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
