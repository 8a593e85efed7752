package org.hearth.storage.sql.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import org.hearth.api.spi.storage.PushStore.UnreadCount;
import org.osgi.service.component.annotations.Component;

/**
 * Users' unread counts per room as last read, kept up to date by the writes of notifications:
 * every {@code /sync} that answers with a room asks for its counts, and a message into a room of a
 * thousand members would otherwise make a thousand woken syncs each read them.
 *
 * <p>Exact by counting writes, as {@link KeyCountsKept} does, per room: every write that changes
 * counts (an event's notifications, a receipt) changes those of one room. A {@link Write} is begun
 * for its rooms before it touches the database; it records what it did (users notified, a user
 * who read the room up to a point), and when it ends after its commit it adds the notifications it
 * inserted to what is kept of the users who have it and forgets the counts of those who read the
 * room (what stays unread depends on positions the counts do not hold). What is read from the
 * database is kept only when no write of its room began meanwhile, so whatever is kept was read
 * before every write that changes it, and each of those adds itself exactly once.
 *
 * <p>Kept by room, so that a message into a room of a thousand members, of whom few ever synced,
 * costs the write one lookup and a change per member who did, not one per member.
 */
@Component(service = UnreadCountsKept.class)
public final class UnreadCountsKept {
    private static final int STRIPES = 256;
    /** About 250 bytes each: bounds the figures of users x rooms to some 12 MB. */
    private static final long MAX_KEPT = 50_000;

    /** Rooms share these; a stripe's lock guards its counters and what is kept of its rooms. */
    private static final class Stripe {
        long begun;
        long ended;
    }

    /** What is kept of one room: each user's counts in it, by thread; changed under the room's stripe lock. */
    private static final class Room {
        final Map<String, List<UnreadCount>> users = new HashMap<>();
    }

    private final Stripe[] stripes = new Stripe[STRIPES];
    private final Cache<String, Room> kept = Caffeine.newBuilder().maximumWeight(MAX_KEPT)
            .weigher((String roomId, Room room) -> room.users.size() + 1).build();

    public UnreadCountsKept() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /**
     * The user's unread counts in these rooms: what is kept, and for the rest {@code read}
     * (given the rooms missing), kept for each room none of whose writes began meanwhile.
     */
    List<UnreadCount> get(String userId, Collection<String> roomIds,
                          Function<Collection<String>, List<UnreadCount>> read) {
        List<UnreadCount> out = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>();
        Map<String, Long> marks = new HashMap<>(); // of the missing rooms no write was under way in
        for (String roomId : roomIds) {
            Stripe stripe = stripe(roomId);
            synchronized (stripe) {
                boolean quiet = stripe.begun == stripe.ended;
                Room room = quiet ? kept.getIfPresent(roomId) : null;
                List<UnreadCount> counts = room == null ? null : room.users.get(userId);
                if (counts != null) {
                    out.addAll(counts);
                    continue;
                }
                missing.add(roomId);
                if (quiet) {
                    marks.put(roomId, stripe.begun);
                }
            }
        }
        if (missing.isEmpty()) {
            return out;
        }
        List<UnreadCount> fresh = read.apply(missing);
        out.addAll(fresh);
        Map<String, List<UnreadCount>> byRoom = new LinkedHashMap<>();
        marks.keySet().forEach(r -> byRoom.put(r, new ArrayList<>()));
        fresh.forEach(c -> {
            List<UnreadCount> of = byRoom.get(c.roomId());
            if (of != null) {
                of.add(c);
            }
        });
        byRoom.forEach((roomId, counts) -> {
            Stripe stripe = stripe(roomId);
            synchronized (stripe) {
                if (stripe.begun == marks.get(roomId)) { // no write of the room began since: it was read before any
                    Room room = kept.get(roomId, r -> new Room());
                    room.users.put(userId, List.copyOf(counts));
                    kept.put(roomId, room); // weighed again
                }
            }
        });
        return out;
    }

    /** Before a write of notifications or reads in these rooms (each once or more); close it after the commit or the failure. */
    Write begin(Collection<String> roomIds) {
        Set<String> rooms = new LinkedHashSet<>(roomIds);
        for (String roomId : rooms) {
            Stripe stripe = stripe(roomId);
            synchronized (stripe) {
                stripe.begun++;
            }
        }
        return new Write(rooms);
    }

    /** One write's changes of unread counts, applied when it ends if it committed. */
    final class Write implements AutoCloseable {
        private final Set<String> begun;
        private final List<Change> changes = new ArrayList<>();
        private boolean committed;

        /** What a write did in one room. */
        private sealed interface Change permits Notified, Read {
            String roomId();

            /** Applies itself to what is kept of its room; false when it forgot the room instead. */
            boolean apply(Room room);
        }

        /**
         * Users notified with one thread and highlight: those of {@code userIds} that {@code names}.
         * {@code rows}: the rows the notifications' insert changed, read once the write committed
         * (0: they were there already; any other figure but 1 forgets the room's counts).
         */
        private record Notified(String roomId, Collection<String> userIds, Predicate<String> names, String threadId,
                                boolean highlight, IntSupplier rows) implements Change {
            @Override
            public boolean apply(Room room) {
                int changed = rows.getAsInt();
                if (changed != 0 && changed != 1) {
                    return false;
                }
                if (changed == 1) {
                    // whichever is smaller: the members who have counts kept, or those named
                    if (room.users.size() < userIds.size()) {
                        room.users.replaceAll((user, counts) -> names.test(user) ? added(counts) : counts);
                    } else {
                        for (String user : userIds) { // names some who were not notified: the sender, the notified before
                            if (names.test(user)) {
                                room.users.computeIfPresent(user, (u, counts) -> added(counts));
                            }
                        }
                    }
                }
                return true;
            }

            private List<UnreadCount> added(List<UnreadCount> counts) {
                List<UnreadCount> changed = new ArrayList<>(counts.size() + 1);
                boolean found = false;
                for (UnreadCount u : counts) {
                    if (Objects.equals(u.threadId(), threadId)) {
                        u = new UnreadCount(u.roomId(), u.threadId(), u.notifications() + 1,
                                u.highlights() + (highlight ? 1 : 0));
                        found = true;
                    }
                    changed.add(u);
                }
                if (!found) {
                    changed.add(new UnreadCount(roomId, threadId, 1, highlight ? 1 : 0));
                }
                return List.copyOf(changed);
            }
        }

        /** A user who read the room up to a point: what stays unread depends on positions the counts do not hold. */
        private record Read(String roomId, String userId) implements Change {
            @Override
            public boolean apply(Room room) {
                room.users.remove(userId);
                return true;
            }
        }

        private Write(Set<String> begun) {
            this.begun = begun;
        }

        /** The transaction runs again from its start: what the failed run did was never written. */
        void restart() {
            changes.clear();
        }

        /**
         * Notifications inserted in the room, all of one thread and highlight, for those of
         * {@code userIds} that {@code names} (which answers faster than the collection).
         */
        void inserted(String roomId, Collection<String> userIds, Predicate<String> names, String threadId,
                      boolean highlight, IntSupplier rows) {
            changes.add(new Notified(roomId, userIds, names, threadId, highlight, rows));
        }

        void markedRead(String userId, String roomId) {
            changes.add(new Read(roomId, userId));
        }

        void committed() {
            committed = true;
        }

        @Override
        public void close() {
            for (String roomId : begun) {
                Stripe stripe = stripe(roomId);
                synchronized (stripe) {
                    Room room = committed ? kept.getIfPresent(roomId) : null;
                    for (Change c : room == null ? List.<Change>of() : changes) {
                        if (c.roomId().equals(roomId) && !c.apply(room)) {
                            kept.invalidate(roomId);
                            break;
                        }
                    }
                    stripe.ended++;
                }
            }
        }
    }

    private Stripe stripe(String roomId) {
        return stripes[Math.floorMod(roomId.hashCode(), STRIPES)];
    }
}
