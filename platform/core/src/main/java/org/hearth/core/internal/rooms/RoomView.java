package org.hearth.core.internal.rooms;

import java.util.List;
import org.hearth.api.spi.storage.StoredEvent;

/**
 * What one viewer may read of one room ({@link RoomAccess#view}): which events
 * ({@link HistoryVisibility}), and which state.
 *
 * @param stateAt the event whose state the viewer sees (a former member's last membership event),
 *                or null for the current state
 * @param member  whether the viewer is joined now
 */
public record RoomView(String roomId, HistoryVisibility rules, String stateAt, boolean member) {

    public boolean allows(StoredEvent event) {
        return event.roomId().equals(roomId) && rules.allows(event.streamPosition(), event.type(), event.stateKey());
    }

    /** The events the viewer may see, in the same order. */
    public List<StoredEvent> visible(List<StoredEvent> events) {
        return events.stream().filter(this::allows).toList();
    }

    /** The highest stream position the viewer may see an event at ({@link Long#MAX_VALUE}: no limit); -1: none. */
    public long highest() {
        return rules.highest();
    }
}
