package org.hearth.storage.sql.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.hearth.api.spi.storage.StoredEvent;

/**
 * The histories of one piece of state of a room ({@link SqlEventStore#stateChanges}: a user's
 * memberships, the room's history visibility) as last read, kept while no state event of the room
 * is written: every woken {@code /sync} asks for them, and a message changes none.
 *
 * <p>Exact by generations: each room has one, raised after every write that may change its state
 * events (committed or not: raising is always safe), and everything has an epoch, raised by
 * writes whose room is not known (redactions, re-checks). A history is kept with the generation
 * and epoch read <em>before</em> it was read from the database, and served only while both are
 * unchanged: a write committed meanwhile leaves it unserved. Bounded by the size of the JSON held.
 */
final class StateHistories {
    private static final long MAX_CHARS = 8_000_000; // about 16 MB of JSON text

    private record Key(String roomId, String type, String stateKey) {}

    private record Kept(long epoch, long generation, List<StoredEvent> events) {}

    /** Where a read starts: the marks a history read from the database is kept with. */
    record Marks(long epoch, Map<String, Long> generations) {}

    private final Cache<Key, Kept> kept = Caffeine.newBuilder().maximumWeight(MAX_CHARS)
            .weigher((Key k, Kept v) -> 64 + v.events().stream().mapToInt(e -> e.json().length()).sum())
            .build();
    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();

    /** The marks to keep what is about to be read with; read them before the database. */
    Marks marks(Collection<String> roomIds) {
        long e = epoch.get();
        Map<String, Long> g = new java.util.HashMap<>();
        roomIds.forEach(r -> g.put(r, generation(r)));
        return new Marks(e, g);
    }

    /** The history kept of the room's piece of state, or null. */
    List<StoredEvent> get(String roomId, String type, String stateKey) {
        Kept k = kept.getIfPresent(new Key(roomId, type, stateKey));
        return k != null && k.epoch() == epoch.get() && k.generation() == generation(roomId) ? k.events() : null;
    }

    void keep(Marks marks, String roomId, String type, String stateKey, List<StoredEvent> events) {
        kept.put(new Key(roomId, type, stateKey), new Kept(marks.epoch(), marks.generations().get(roomId), List.copyOf(events)));
    }

    /** Call after a write that may have changed the room's state events. */
    void changed(String roomId) {
        generations.computeIfAbsent(roomId, r -> new AtomicLong()).incrementAndGet();
    }

    /** Call after a write that may have changed state events of rooms not known. */
    void changedAnywhere() {
        epoch.incrementAndGet();
    }

    private long generation(String roomId) {
        AtomicLong g = generations.get(roomId);
        return g == null ? 0 : g.get();
    }
}
