package org.hearth.core.internal.e2ee;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.DeviceListStore;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.core.internal.rooms.Notifier;
import org.hearth.core.internal.rooms.SharedRooms;
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
 *       themselves; who came to share a room, or left, from {@link SharedRooms} (a user reported
 *       even if they shared another room already: the spec allows it).</li>
 * </ul>
 */
@Component(service = DeviceLists.class)
public class DeviceLists {
    private static final List<String> JOIN = List.of("join");

    private final DeviceListStore store;
    private final EventStore events;
    private final Notifier notifier;
    private final DeviceListUpdates updates;
    private final SharedRooms sharedRooms;

    /** What one viewer must fetch again, or stop tracking. */
    public record Changes(Set<UserId> changed, Set<UserId> left) {
        public boolean isEmpty() {
            return changed.isEmpty() && left.isEmpty();
        }
    }

    @Activate
    public DeviceLists(@Reference DeviceListStore store, @Reference EventStore events, @Reference Notifier notifier,
                       @Reference DeviceListUpdates updates, @Reference SharedRooms sharedRooms) {
        this.store = store;
        this.sharedRooms = sharedRooms;
        this.updates = updates;
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

    /** A local user's devices were created, changed or deleted (recorded already): {@link #changed}, and other servers are told. */
    public void devicesChanged(UserId user, Collection<String> deviceIds) {
        changed(user);
        updates.devicesChanged(user, deviceIds);
    }

    /** A local user's master or self-signing key changed (recorded already): {@link #changed}, and other servers are told. */
    public void signingKeysChanged(UserId user) {
        changed(user);
        updates.signingKeysChanged(user);
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
        SharedRooms.Changes sharing = eventsUpTo > eventsAfter
                ? sharedRooms.changes(viewer, events.roomsOf(viewer, SharedRooms.WITH_MEMBER_EVENTS), eventsAfter,
                        eventsUpTo)
                : SharedRooms.Changes.NONE;
        return changes(viewer, sharing, listsAfter, listsUpTo);
    }

    /**
     * The changes the viewer sees: {@code sharing} between the two event positions (computed once
     * by a sync, which presence needs too), device-list changes in (listsAfter, listsUpTo].
     */
    public Changes changes(UserId viewer, SharedRooms.Changes sharing, long listsAfter, long listsUpTo) {
        Set<UserId> changed = new LinkedHashSet<>(listsUpTo > listsAfter
                ? store.changedFor(viewer, listsAfter, listsUpTo) : Set.of());
        changed.addAll(sharing.joined());
        changed.addAll(sharing.invited());
        changed.removeAll(sharing.left());
        return new Changes(changed, sharing.left());
    }
}
