package org.hearth.storage.sql.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Collection;
import java.util.function.Supplier;
import org.hearth.api.WritesUnderWay;
import org.hearth.api.id.UserId;
import org.osgi.service.component.annotations.Component;

/**
 * A device's one-time key counts and unused fallback key algorithms as last read: every
 * {@code /sync} of an encrypting client asks for both, and they change only when the device
 * uploads keys, someone claims one, or the device goes.
 *
 * <p>Exact by counting writes as {@link StateHistories} does: every write of a user's one-time or
 * fallback keys, and every deletion of their devices (the keys go with them, by cascade, and a
 * device ID may be used again), is {@linkplain #begin begun} before it touches the database and
 * ended after it committed or failed. What was read is served only while no write of its user is
 * under way and none ended since it was read. Users share {@value #STRIPES} counts, so memory is
 * bounded; two users of one count only make each other read again.
 */
@Component(service = KeyCountsKept.class)
public final class KeyCountsKept {
    private static final int STRIPES = 256;
    /** Two per device that syncs; about 200 bytes each. */
    private static final int MAX_KEPT = 20_000;

    /** What is kept: {@code kind} tells the two reads of a device apart. */
    private record Key(UserId user, String deviceId, String kind) {}

    private record Kept(long mark, Object value) {}

    private final WritesUnderWay[] counts = new WritesUnderWay[STRIPES];
    private final Cache<Key, Kept> kept = Caffeine.newBuilder().maximumSize(MAX_KEPT).build();

    public KeyCountsKept() {
        for (int i = 0; i < STRIPES; i++) {
            counts[i] = new WritesUnderWay();
        }
    }

    /** Before a write of these users' keys or devices; close the answer after it committed or failed. */
    WritesUnderWay.Begun begin(Collection<UserId> users) {
        return WritesUnderWay.begin(users.stream().map(this::count).toList());
    }

    /** The device's {@code kind} of figures: as kept when still exact, else read (and kept when it may be). */
    @SuppressWarnings("unchecked")
    <T> T get(UserId user, String deviceId, String kind, Supplier<T> read) {
        WritesUnderWay count = count(user);
        Key key = new Key(user, deviceId, kind);
        long mark = count.settled();
        Kept k = kept.getIfPresent(key);
        if (k != null && mark >= 0 && k.mark() == mark) {
            return (T) k.value();
        }
        T value = read.get();
        if (mark >= 0) { // read while nothing of the user's was written: exact until the next write begins
            kept.put(key, new Kept(mark, value));
        }
        return value;
    }

    private WritesUnderWay count(UserId user) {
        return counts[Math.floorMod(user.hashCode(), STRIPES)];
    }
}
