package org.hearth.core.internal.rooms;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Each room's MSC4186 {@code bump_stamp}: the stream position of its newest accepted event of a
 * type that counts as activity, kept as {@link RoomWriter} stores events (local and received
 * ones), so that ordering a user's rooms by activity reads no event.
 *
 * <p>A room is known here once an event of such a type was written since the start, or once a
 * reader filled it from the store ({@link #upTo}); a write to the room under way
 * ({@link RecentEvents}) makes it unknown until the write ended, as one may have committed an
 * event not counted yet. Bump stamps only grow (redactions keep an event's type; backfilled
 * history sits below the stream), so a value read from the store and one written are merged by
 * their maximum, whatever came first. 56 bytes a room (map node, table slot, boxed position),
 * about 150 with its ID when nothing else holds that; nothing per connection. Not bounded: the
 * rooms are those of this server, and a bound would let an evicted room lose a position.
 */
@Component(service = BumpStamps.class)
public class BumpStamps {
    /** MSC4186 {@code bump_stamp}: the event types that count as activity. */
    public static final List<String> TYPES = List.of("m.room.create", "m.room.message", "m.room.encrypted",
            "m.sticker", "m.call.invite", "m.poll.start", "m.beacon_info");
    private static final Set<String> TYPE_SET = Set.copyOf(TYPES);

    private final RecentEvents recent;
    private final ConcurrentHashMap<String, Long> latest = new ConcurrentHashMap<>();
    /** Writes that failed, perhaps after their commit: a value read from the store before one is not kept. */
    private final AtomicLong failures = new AtomicLong();

    @Activate
    public BumpStamps(@Reference RecentEvents recent) {
        this.recent = recent;
    }

    /** An accepted event at the head of the room's stream was stored, inside its write's {@link RecentEvents#writing}. */
    void stored(String roomId, String type, long position) {
        if (TYPE_SET.contains(type)) {
            latest.merge(roomId, position, Math::max);
        }
    }

    /** A write to the rooms failed: it may have committed events not counted here. */
    void failed(Collection<String> roomIds) {
        failures.incrementAndGet();
        roomIds.forEach(latest::remove);
    }

    /**
     * The rooms' bump stamps counting the events up to {@code upTo} (0 for a room without one):
     * from memory, and for the rooms not known here (or known with a later one) from
     * {@code read}, the store's newest position of {@link #TYPES} up to {@code upTo}, in one call.
     */
    public Map<String, Long> upTo(Collection<String> roomIds, long upTo,
                                  Function<List<String>, Map<String, Long>> read) {
        Map<String, Long> out = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String roomId : roomIds) {
            // Writes first: one that ended after this look has counted its events in the value read next.
            Long known = recent.writingTo(roomId) ? null : latest.get(roomId);
            if (known == null || known > upTo) {
                unknown.add(roomId);
            } else {
                out.put(roomId, known);
            }
        }
        if (!unknown.isEmpty()) {
            long failed = failures.get();
            Map<String, Long> stored = read.apply(unknown);
            for (String roomId : unknown) {
                long value = stored.getOrDefault(roomId, 0L);
                out.put(roomId, value);
                // A later event's writer merges its own position, before or after this one.
                latest.merge(roomId, value, Math::max);
            }
            if (failures.get() != failed) {
                unknown.forEach(latest::remove); // perhaps older than what the failed write committed
            }
        }
        return out;
    }
}
