package org.hearth.storage.sql.internal;

import java.util.Map;
import org.hearth.api.spi.storage.NewEvent;
import org.hearth.api.spi.storage.StateKey;

/**
 * Applies an event's state delta to its room's current state inside the append transaction, and
 * keeps {@code room_memberships} in step for the {@code m.room.member} entries.
 */
final class CurrentState {
    private final RoomStateMapper roomState;
    private final EventMapper events;

    CurrentState(RoomStateMapper roomState, EventMapper events) {
        this.roomState = roomState;
        this.events = events;
    }

    void apply(String roomId, NewEvent event, Map<StateKey, String> delta) {
        for (Map.Entry<StateKey, String> entry : delta.entrySet()) {
            StateKey key = entry.getKey();
            String eventId = entry.getValue();
            roomState.putCurrentState(roomId, new StateEntry(key.type(), key.stateKey(), eventId));
            if (MemberEvents.TYPE.equals(key.type())) {
                roomState.putMembership(roomId, key.stateKey(), MemberEvents.membership(json(event, eventId)), eventId);
            }
        }
    }

    /** The JSON of the event the delta names: usually the appended one, else one stored before. */
    private String json(NewEvent event, String eventId) {
        if (eventId.equals(event.eventId())) {
            return event.json();
        }
        return events.event(eventId)
                .orElseThrow(() -> new IllegalArgumentException("state delta names an unknown event " + eventId))
                .json();
    }
}
