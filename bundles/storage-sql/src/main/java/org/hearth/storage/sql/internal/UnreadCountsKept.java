package org.hearth.storage.sql.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;
import org.hearth.api.spi.storage.PushStore.UnreadCount;
import org.osgi.service.component.annotations.Component;

/**
 * A user's unread counts per room as last read, kept up to date by the writes of notifications:
 * every {@code /sync} that answers with a room asks for its counts, and a message into a room of a
 * thousand members would otherwise make a thousand woken syncs each read them.
 *
 * <p>Exact by counting writes, as {@link KeyCountsKept} does, but a write does not end what is
 * kept: it changes it. A {@link Write} is begun for its users before it touches the database; it
 * records what it did (a notification inserted, a room read up to a point), and when it ends after
 * its commit it adds the notifications it inserted to what is kept and forgets the rooms it marked
 * read (what stays unread depends on positions the counts do not hold). What is read from the
 * database is kept only when no write of its user began meanwhile, so whatever is kept was read
 * before every write that changes it, and each of those adds itself exactly once.
 */
@Component(service = UnreadCountsKept.class)
public final class UnreadCountsKept {
    private static final int STRIPES = 256;
    /** About 250 bytes each: bounds the figures of users x rooms to some 12 MB. */
    private static final int MAX_KEPT = 50_000;

    private record Key(String userId, String roomId) {}

    /** Users share these; a stripe's lock guards its counts and what is kept of its users. */
    private static final class Stripe {
        long begun;
        long ended;
    }

    /**
     * A user's counts in a room, replaced in place under the user's stripe lock: a message into a
     * room of a thousand members changes a thousand of them, each then no write of the cache.
     */
    private static final class Counts {
        List<UnreadCount> list;

        Counts(List<UnreadCount> list) {
            this.list = list;
        }
    }

    private final Stripe[] stripes = new Stripe[STRIPES];
    private final Cache<Key, Counts> kept = Caffeine.newBuilder().maximumSize(MAX_KEPT).build();

    public UnreadCountsKept() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /**
     * The user's unread counts in these rooms: what is kept, and for the rest {@code read}
     * (given the rooms missing), kept when no write of the user began meanwhile.
     */
    List<UnreadCount> get(String userId, Collection<String> roomIds,
                          Function<Collection<String>, List<UnreadCount>> read) {
        Stripe stripe = stripe(userId);
        List<UnreadCount> out = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>();
        long mark;
        synchronized (stripe) {
            mark = stripe.begun == stripe.ended ? stripe.begun : -1;
            for (String roomId : roomIds) {
                Counts counts = mark >= 0 ? kept.getIfPresent(new Key(userId, roomId)) : null;
                if (counts == null) {
                    missing.add(roomId);
                } else {
                    out.addAll(counts.list);
                }
            }
        }
        if (missing.isEmpty()) {
            return out;
        }
        List<UnreadCount> fresh = read.apply(missing);
        out.addAll(fresh);
        if (mark >= 0) {
            Map<String, List<UnreadCount>> byRoom = new HashMap<>();
            missing.forEach(r -> byRoom.put(r, new ArrayList<>()));
            fresh.forEach(c -> byRoom.computeIfAbsent(c.roomId(), r -> new ArrayList<>()).add(c));
            synchronized (stripe) {
                if (stripe.begun == mark) { // no write of the user's began since: it was read before any
                    byRoom.forEach((roomId, counts) -> kept.put(new Key(userId, roomId), new Counts(List.copyOf(counts))));
                }
            }
        }
        return out;
    }

    /** Before a write of these users' notifications (each once or more); close it after the commit or the failure. */
    Write begin(Collection<String> userIds) {
        boolean[] touched = new boolean[STRIPES];
        userIds.forEach(u -> touched[index(u)] = true);
        int[] begun = IntStream.range(0, STRIPES).filter(i -> touched[i]).toArray();
        for (int i : begun) {
            synchronized (stripes[i]) {
                stripes[i].begun++;
            }
        }
        return new Write(begun);
    }

    /** One write's changes of unread counts, applied when it ends if it committed. */
    final class Write implements AutoCloseable {
        /** The indexes of the stripes begun, each once. */
        private final int[] begun;
        private final List<Change> changes = new ArrayList<>();
        private boolean committed;

        /**
         * {@code rows}: the rows the notification's insert changed, read once the write committed
         * (0: it was there already; any other figure but 1 forgets the room's counts).
         */
        private record Change(Key key, int stripe, String threadId, boolean highlight, IntSupplier rows,
                              boolean read) {}

        private Write(int[] begun) {
            this.begun = begun;
        }

        /** The transaction runs again from its start: what the failed run did was never written. */
        void restart() {
            changes.clear();
        }

        void inserted(String userId, String roomId, String threadId, boolean highlight, IntSupplier rows) {
            changes.add(new Change(new Key(userId, roomId), index(userId), threadId, highlight, rows, false));
        }

        void markedRead(String userId, String roomId) {
            changes.add(new Change(new Key(userId, roomId), index(userId), null, false, null, true));
        }

        void committed() {
            committed = true;
        }

        @Override
        public void close() {
            // grouped once, by stripe: a message into a large room changes a thousand users' counts
            List<List<Change>> byStripe = new ArrayList<>(Collections.nCopies(STRIPES, null));
            if (committed) {
                for (Change c : changes) {
                    List<Change> of = byStripe.get(c.stripe());
                    if (of == null) {
                        of = new ArrayList<>();
                        byStripe.set(c.stripe(), of);
                    }
                    of.add(c);
                }
            }
            for (int i : begun) {
                synchronized (stripes[i]) {
                    List<Change> of = byStripe.get(i);
                    if (of != null) {
                        of.forEach(this::apply);
                    }
                    stripes[i].ended++;
                }
            }
        }

        private void apply(Change c) {
            int rows = c.read() ? -1 : c.rows().getAsInt();
            if (rows != 0 && rows != 1) {
                kept.invalidate(c.key());
                return;
            }
            if (rows == 0) {
                return;
            }
            Counts held = kept.getIfPresent(c.key());
            if (held == null) {
                return;
            }
            List<UnreadCount> changed = new ArrayList<>(held.list.size() + 1);
            boolean found = false;
            for (UnreadCount u : held.list) {
                if (Objects.equals(u.threadId(), c.threadId())) {
                    u = new UnreadCount(u.roomId(), u.threadId(), u.notifications() + 1,
                            u.highlights() + (c.highlight() ? 1 : 0));
                    found = true;
                }
                changed.add(u);
            }
            if (!found) {
                changed.add(new UnreadCount(c.key().roomId(), c.threadId(), 1, c.highlight() ? 1 : 0));
            }
            held.list = List.copyOf(changed);
        }
    }

    private Stripe stripe(String userId) {
        return stripes[index(userId)];
    }

    private static int index(String userId) {
        return Math.floorMod(userId.hashCode(), STRIPES);
    }
}
