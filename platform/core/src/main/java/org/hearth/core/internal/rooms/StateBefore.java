package org.hearth.core.internal.rooms;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;

/**
 * The room state just before an event: its stored state group before (the resolution of its
 * prev_events' states); for events stored before that was recorded, the group of its first
 * prev_event. Or the state as it was at a stream position.
 */
public final class StateBefore {
    private StateBefore() {
    }

    /** (type, state_key) → event ID; empty for a room's create event. */
    public static Map<StateKey, String> of(EventStore events, StoredEvent event) {
        return group(events, event).map(events::state).orElse(Map.of());
    }

    /** The state group of the state before the event; none for a room's create event. */
    public static Optional<Long> group(EventStore events, StoredEvent event) {
        Optional<Long> before = events.stateGroupBefore(event.eventId());
        if (before.isPresent()) {
            return before;
        }
        List<String> prev = StoredEvents.pdu(event).prevEvents();
        return prev.isEmpty() ? Optional.empty() : events.stateGroupOf(prev.get(0));
    }

    /** The room state after the last event of the room at or before the stream position; empty before the room. */
    public static Map<StateKey, String> atPosition(EventStore events, String roomId, long position) {
        List<StoredEvent> last = events.roomEvents(roomId, 0, position, 1, true);
        if (last.isEmpty()) {
            return Map.of();
        }
        return events.stateGroupOf(last.get(0).eventId()).map(events::state).orElse(Map.of());
    }
}
