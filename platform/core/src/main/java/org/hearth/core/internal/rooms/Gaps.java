package org.hearth.core.internal.rooms;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.spi.storage.EventFlags;
import org.hearth.api.spi.storage.EventPlacement;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StoredEvent;

/**
 * Gaps in a room's history here (Server-Server API, "Backfilling and retrieving missing events"):
 * an event whose prev_events are not held as part of the room, because {@code /get_missing_events}
 * did not bring all that was missing before an event pushed to this server, or because the room
 * was joined over federation (its history before the join). Synapse calls the missing events
 * "backward extremities". Such an event at the head of the stream leaves stream positions free
 * below it ({@link EventPlacement#gapBefore}), where {@link Backfill#intoGap} puts the gap's events
 * when a client pages into it.
 */
public final class Gaps {
    /** Stream positions left free below an event after a gap: how many of its events fit in their place. */
    static final int POSITIONS = 1000;

    private Gaps() {}

    /** Of the events, those not held as part of the room (unknown, or known only as outliers). */
    static Set<String> notInRoom(EventStore events, Collection<String> ids) {
        Set<String> held = new HashSet<>();
        for (EventFlags flags : events.flags(ids)) {
            if (flags.status() != EventPlacement.Status.OUTLIER) {
                held.add(flags.eventId());
            }
        }
        Set<String> missing = new LinkedHashSet<>(ids);
        missing.removeAll(held);
        return missing;
    }

    /**
     * The newest of the events (given newest first) whose prev_events are not all held as part
     * of the room: a gap lies just before it. One read of the store, for the prev_events that
     * are not among the events themselves.
     */
    public static Optional<StoredEvent> newestAfterGap(EventStore events, List<StoredEvent> newestFirst) {
        Set<String> given = new HashSet<>();
        newestFirst.forEach(e -> given.add(e.eventId()));
        Map<StoredEvent, List<String>> outside = new LinkedHashMap<>();
        Set<String> asked = new HashSet<>();
        for (StoredEvent e : newestFirst) {
            List<String> prevs = new ArrayList<>(StoredEvents.pdu(e).prevEvents());
            prevs.removeIf(given::contains);
            if (!prevs.isEmpty()) {
                outside.put(e, prevs);
                asked.addAll(prevs);
            }
        }
        if (asked.isEmpty()) {
            return Optional.empty();
        }
        Set<String> missing = notInRoom(events, asked);
        return outside.entrySet().stream().filter(en -> en.getValue().stream().anyMatch(missing::contains))
                .map(Map.Entry::getKey).findFirst();
    }
}
