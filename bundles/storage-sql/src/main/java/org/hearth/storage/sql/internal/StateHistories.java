package org.hearth.storage.sql.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hearth.api.WritesUnderWay;
import org.hearth.api.spi.storage.StoredEvent;

/**
 * The histories of one piece of state of a room ({@link SqlEventStore#stateChanges}: a user's
 * memberships, the room's history visibility) as last read, kept while no state event of the room
 * is written: every woken {@code /sync} asks for them, and a message changes none.
 *
 * <p>Exact by counting writes: a write that may change a room's state events is {@linkplain
 * #begin begun} before it touches the database and ended (closed) after it committed
 * or failed; writes whose rooms are not known (redactions) count for every room. A history is
 * served only while no such write is under way and none ended since it was read: a reader that
 * comes between a write's commit and its end (one that saw the write's stream position) reads the
 * database, not what was kept before the commit.
 */
final class StateHistories {
    private static final long MAX_CHARS = 8_000_000; // about 16 MB of JSON text
    private static final String EVERY_ROOM = "";

    private record Key(String roomId, String type, String stateKey) {}

    private record Kept(long anywhere, long room, List<StoredEvent> events) {}

    /** Where a read starts: the counts a history read from the database is kept with. */
    record Marks(long anywhere, Map<String, Long> rooms) {}

    private final Cache<Key, Kept> kept = Caffeine.newBuilder().maximumWeight(MAX_CHARS)
            .weigher((Key k, Kept v) -> 64 + v.events().stream().mapToInt(e -> e.json().length()).sum())
            .build();
    private final Map<String, WritesUnderWay> counts = new ConcurrentHashMap<>();

    /** Before a write that may change the state events of these rooms, or with {@code everyRoom} of any. */
    WritesUnderWay.Begun begin(Collection<String> roomIds, boolean everyRoom) {
        List<WritesUnderWay> written = new ArrayList<>();
        roomIds.forEach(r -> written.add(counts(r)));
        if (everyRoom) {
            written.add(counts(EVERY_ROOM));
        }
        return WritesUnderWay.begin(written);
    }

    /** The marks to keep what is about to be read with; read them before the database. */
    Marks marks(Collection<String> roomIds) {
        Map<String, Long> rooms = new HashMap<>();
        roomIds.forEach(r -> rooms.put(r, counts(r).settled()));
        return new Marks(counts(EVERY_ROOM).settled(), rooms);
    }

    /** The history kept of the room's piece of state, or null. */
    List<StoredEvent> get(String roomId, String type, String stateKey) {
        Kept k = kept.getIfPresent(new Key(roomId, type, stateKey));
        if (k == null) {
            return null;
        }
        long anywhere = counts(EVERY_ROOM).settled();
        long room = counts(roomId).settled();
        return anywhere >= 0 && room >= 0 && k.anywhere() == anywhere && k.room() == room ? k.events() : null;
    }

    void keep(Marks marks, String roomId, String type, String stateKey, List<StoredEvent> events) {
        long room = marks.rooms().get(roomId);
        if (marks.anywhere() >= 0 && room >= 0) { // read while nothing was being written
            kept.put(new Key(roomId, type, stateKey), new Kept(marks.anywhere(), room, List.copyOf(events)));
        }
    }

    private WritesUnderWay counts(String roomId) {
        return counts.computeIfAbsent(roomId, r -> new WritesUnderWay());
    }
}
