package org.hearth.core.internal.rooms;

import java.util.List;
import java.util.Map;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;

/** The room state just before a local event: the state group of the first event it follows. */
public final class StateBefore {
    private StateBefore() {
    }

    /** (type, state_key) → event ID; empty for a room's create event. */
    public static Map<StateKey, String> of(EventStore events, StoredEvent event) {
        List<String> prev = StoredEvents.pdu(event).prevEvents();
        if (prev.isEmpty()) {
            return Map.of();
        }
        return events.stateGroupOf(prev.get(0)).map(events::state).orElse(Map.of());
    }
}
