package org.hearth.core.internal.rooms;

import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.hearth.api.spi.storage.EventPlacement;
import org.hearth.api.spi.storage.WriteBatch;
import org.osgi.service.component.annotations.Component;

/**
 * The stream positions of the events received from other servers whose state resolution changed
 * a room's current state by more than the event's own entry: a gap filled through
 * {@code /state_ids}, a partition healed where the other side's state wins, a soft-failed state
 * event kept by resolution. A client that followed the room's timeline saw none of that change;
 * {@code /sync} sends it in the state section ("Syncing": {@code state} holds the updates between
 * {@code since} and the start of the timeline, limited or not). Held in memory, so that a sync
 * asks without a statement: rare, a few positions a room at most. Not stored: a token from before
 * a restart misses a break from before it.
 */
@Component(service = StateBreaks.class)
public class StateBreaks {
    private final Map<String, NavigableSet<Long>> positions = new ConcurrentHashMap<>();

    /** Whether the appended event, accepted at the head of the stream, broke the state its room had. */
    static boolean breaks(WriteBatch.Append append) {
        EventPlacement placement = append.placement();
        Map<?, String> current = placement.currentState();
        return placement.status() == EventPlacement.Status.ACCEPTED && !placement.historic() && current != null
                && !current.values().stream().allMatch(append.event().eventId()::equals);
    }

    void broke(String roomId, long position) {
        positions.computeIfAbsent(roomId, r -> new ConcurrentSkipListSet<>()).add(position);
    }

    /** Whether the room's state broke in (since, upTo]. */
    public boolean brokeIn(String roomId, long since, long upTo) {
        NavigableSet<Long> room = positions.get(roomId);
        Long latest = room == null ? null : room.floor(upTo);
        return latest != null && latest > since;
    }
}
