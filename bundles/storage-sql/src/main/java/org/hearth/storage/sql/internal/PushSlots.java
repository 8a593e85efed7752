package org.hearth.storage.sql.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hearth.api.spi.storage.PushStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The numbers of the users notified in each room ({@code push_slots}), kept in memory: an event's
 * notification rows name their users as a set of these numbers ({@link SlotSets}), so that a
 * message into a room of a thousand members writes one row, not a thousand.
 *
 * <p>A user's number is given once and never reused. It is written in a transaction of its own
 * that commits before any notification names it: a notification committed never names a number
 * the table does not hold, even when the event's own transaction fails and runs again.
 */
@Component(service = PushSlots.class)
public final class PushSlots {
    /** About 100 bytes each: bounds the users kept, of all rooms, to some 20 MB. */
    private static final long MAX_USERS_KEPT = 200_000;

    private final Database database;
    private final Cache<String, Room> rooms = Caffeine.newBuilder().maximumWeight(MAX_USERS_KEPT)
            .weigher((String roomId, Room room) -> room.slots.size() + 1).build();

    /** One room's numbers: read without a lock, added to under {@link PushSlots}'s lock once committed. */
    static final class Room {
        private final Map<String, Integer> slots = new ConcurrentHashMap<>();
        private int next;
        /**
         * The list of users last numbered together, and their numbers: a room's members are the
         * same list from one message to the next, until its membership changes.
         */
        private volatile Numbered last;

        private record Numbered(List<String> userIds, BitSet numbers) {}

        /** The user's number; only for a user given to {@link PushSlots#of}. */
        int of(String userId) {
            Integer slot = slots.get(userId);
            if (slot == null) {
                throw new IllegalStateException(userId + " has no number in this room");
            }
            return slot;
        }

        /** The numbers of the users notified, all given ({@link PushSlots#of}), as a set the caller may change. */
        BitSet numbers(PushStore.Notified notified) {
            List<String> userIds = notified.userIds(); // immutable: the same list is the same users
            Numbered known = last;
            if (known == null || known.userIds() != userIds) {
                BitSet numbers = new BitSet();
                userIds.forEach(u -> numbers.set(of(u)));
                known = new Numbered(userIds, numbers);
                last = known;
            }
            return (BitSet) known.numbers().clone();
        }

        /** The user's number, -1 when none. */
        int numberOf(String userId) {
            Integer slot = slots.get(userId);
            return slot == null ? -1 : slot;
        }
    }

    @Activate
    public PushSlots(@Reference Database database) {
        this.database = database;
    }

    /** The room's numbers, with one for each of these users; before the transaction that uses them. */
    Room of(String roomId, List<String> userIds) {
        if (userIds.isEmpty()) {
            return new Room(); // nobody to number: no need to read the room's numbers
        }
        Room kept = rooms.getIfPresent(roomId);
        if (kept != null) {
            Room.Numbered known = kept.last;
            if (known != null && known.userIds() == userIds || kept.slots.keySet().containsAll(userIds)) {
                return kept; // the list numbered last was numbered whole
            }
        }
        synchronized (this) { // numbers are given rarely: once a user and room
            Room room = rooms.getIfPresent(roomId);
            boolean loaded = room == null;
            if (loaded) {
                room = load(roomId);
            }
            Set<String> missing = new LinkedHashSet<>(userIds);
            missing.removeAll(room.slots.keySet());
            if (!missing.isEmpty()) {
                give(roomId, room, missing);
            }
            if (loaded || !missing.isEmpty()) {
                rooms.put(roomId, room); // weighed again
            }
            return room;
        }
    }

    /** Writes numbers for these users, after the room's last, then keeps them in the room. */
    private void give(String roomId, Room room, Set<String> missing) {
        List<PushSlot> given = new ArrayList<>();
        for (String userId : missing) {
            given.add(new PushSlot(userId, room.next + given.size()));
        }
        try {
            database.transaction("PushSlots.give", session -> {
                for (List<PushSlot> chunk : Chunks.of(given)) {
                    session.getMapper(PushMapper.class).giveSlots(roomId, chunk);
                }
                return null;
            });
        } catch (RuntimeException e) {
            rooms.invalidate(roomId); // read again next time, in case another server gave numbers
            throw e;
        }
        for (PushSlot slot : given) {
            room.slots.put(slot.userId(), slot.slot());
        }
        room.next += given.size();
    }

    private Room load(String roomId) {
        Room room = new Room();
        for (PushSlot slot : database.read("PushSlots.load", PushMapper.class, m -> m.slots(roomId))) {
            room.slots.put(slot.userId(), slot.slot());
            room.next = Math.max(room.next, slot.slot() + 1);
        }
        return room;
    }
}
