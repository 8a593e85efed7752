package org.hearth.storage.sql.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.apache.ibatis.session.SqlSession;

/**
 * Where the streams stand, held in memory: the event stream ({@link #EVENTS}, see
 * {@link StreamMapper}) and the device-list and to-device streams ({@link E2eStreamMapper}).
 * Every {@code /sync} asks, twice when it waits, and reading them was most of what a woken sync
 * cost.
 *
 * <p>A position counts once the transaction that took it ({@link #took}) committed
 * ({@link #committed}); positions of one stream commit in order (the lock of each mapper, or
 * SQLite's single writer), so everything at or below the head is visible. A head may lag a commit
 * for an instant: what it has not counted yet comes with the next sync, and the writer wakes the
 * syncs after it returns, when the head has counted it. Unknown after start until first read from
 * the database.
 */
final class StreamHeads {
    /** The event stream's name here; not one of {@code e2e_streams}' rows. */
    static final String EVENTS = "events";

    private final Map<String, AtomicLong> heads = new ConcurrentHashMap<>();
    /** Positions taken by transactions not committed yet, by stream. */
    private final Map<SqlSession, Map<String, Long>> taken = new ConcurrentHashMap<>();

    /** The transaction took the stream's position: it counts once the transaction committed. */
    long took(SqlSession transaction, String stream, long position) {
        taken.computeIfAbsent(transaction, t -> new HashMap<>()).merge(stream, position, Math::max);
        return position;
    }

    /** After the transaction committed: its positions count. */
    void committed(SqlSession transaction) {
        Map<String, Long> positions = taken.remove(transaction);
        if (positions != null) {
            positions.forEach((stream, position) -> advance(stream, position));
        }
    }

    /** After the transaction rolled back: its positions were never taken. */
    void rolledBack(SqlSession transaction) {
        taken.remove(transaction);
    }

    /** The stream's head; {@code read} reads it from the database the first time. */
    long current(String stream, ToLongFunction<String> read) {
        long head = head(stream).get();
        return head >= 0 ? head : advance(stream, read.applyAsLong(stream));
    }

    private long advance(String stream, long position) {
        return head(stream).accumulateAndGet(position, Math::max);
    }

    private AtomicLong head(String stream) {
        return heads.computeIfAbsent(stream, s -> new AtomicLong(-1));
    }
}
