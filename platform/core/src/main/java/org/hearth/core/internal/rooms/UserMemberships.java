package org.hearth.core.internal.rooms;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.DeviceListStore;
import org.hearth.api.spi.storage.EventStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A syncing user's memberships by room, read from the store once and held while nothing named the
 * user ({@link Notifier#namings}): only a membership event with the user's state key changes them
 * (or a current-state change that names the user, which {@link RoomWriter} counts as a naming), so
 * a {@code /sync} of a user in 1,000 rooms where nothing changed reads none of them again.
 */
@Component(service = UserMemberships.class)
public class UserMemberships {
    /** Rooms held in all, about 150 bytes each: ~30 MB at most. */
    static final long MAX_ROOMS = 200_000;
    /** At most this many users asked about at once are read one by one and held (see sharingJoinedRoom). */
    static final int HELD_ON_ASKING = 8;

    private record Held(long namings, Map<String, String> byRoom) {}

    private final EventStore events;
    private final DeviceListStore deviceLists;
    private final Notifier notifier;
    private final Cache<String, Held> held = Caffeine.newBuilder().maximumWeight(MAX_ROOMS)
            .weigher((String user, Held h) -> h.byRoom.size() + 1).executor(Runnable::run).build();

    @Activate
    public UserMemberships(@Reference EventStore events, @Reference DeviceListStore deviceLists,
                           @Reference Notifier notifier) {
        this.events = events;
        this.deviceLists = deviceLists;
        this.notifier = notifier;
    }

    /** The user's current membership of each room they have one of, by room ID (unmodifiable). */
    public Map<String, String> of(UserId user) {
        String key = user.toString();
        long namings = notifier.namings(key); // before reading: a naming after it makes the next call read again
        Map<String, String> current = heldAt(key, namings);
        if (current != null) {
            return current;
        }
        Map<String, String> read = Collections.unmodifiableMap(events.membershipsOf(user));
        if (namings >= 0) { // else a write naming the user is under way: read again next time
            held.put(key, new Held(namings, read));
        }
        return read;
    }

    /**
     * Of the users, those who share a joined room with the viewer now. Users whose memberships are
     * held here are answered from memory: every long poll a message wakes asks this of its sender,
     * whose presence the message refreshed, and 1,000 waiters were 1,000 reads. So a few users not
     * held yet (a sender that does not sync itself, a bot) are read and held for the next waiter;
     * many (an initial sync's presence of everyone) are answered by one read of the store instead.
     */
    public Set<UserId> sharingJoinedRoom(UserId viewer, Collection<UserId> users) {
        Set<String> viewerRooms = joined(of(viewer));
        boolean holdMissing = users.size() <= HELD_ON_ASKING;
        Set<UserId> sharing = new HashSet<>();
        List<UserId> notHeld = new ArrayList<>();
        for (UserId user : users) {
            Map<String, String> theirs = holdMissing ? of(user) : heldOrNull(user);
            if (theirs == null) {
                notHeld.add(user);
            } else if (theirs.entrySet().stream()
                    .anyMatch(m -> "join".equals(m.getValue()) && viewerRooms.contains(m.getKey()))) {
                sharing.add(user);
            }
        }
        if (!notHeld.isEmpty()) {
            sharing.addAll(deviceLists.sharingRoomWith(viewer, notHeld));
        }
        return sharing;
    }

    /** The user's memberships if held and still current, else null (nothing is read). */
    private Map<String, String> heldOrNull(UserId user) {
        String key = user.toString();
        return heldAt(key, notifier.namings(key));
    }

    /** What is held of the user if it was read at this count of namings (negative: a naming write under way). */
    private Map<String, String> heldAt(String key, long namings) {
        Held h = held.getIfPresent(key);
        return h != null && namings >= 0 && h.namings == namings ? h.byRoom : null;
    }

    private static Set<String> joined(Map<String, String> memberships) {
        Set<String> rooms = new HashSet<>();
        memberships.forEach((room, membership) -> {
            if ("join".equals(membership)) {
                rooms.add(room);
            }
        });
        return rooms;
    }
}
