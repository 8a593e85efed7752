package org.hearth.core.internal.event;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** How a room version forms room IDs (Appendices, "Room IDs"). */
public enum RoomIdFormat {
    /**
     * Room versions 1 to 11: {@code !opaque_id:domain}, chosen by the server that created the
     * room and carried in the {@code room_id} of every event, the create event included.
     */
    SERVER_CHOSEN,
    /**
     * Room version 12 ("Event format"): the event ID of the {@code m.room.create} event with
     * {@code !} for {@code $}; the create event itself has no {@code room_id}.
     */
    CREATE_EVENT_ID;

    String roomId(RoomVersion version, ObjectNode createEvent) {
        return switch (this) {
            case SERVER_CHOSEN -> JsonObjects.requiredText(createEvent, "room_id");
            case CREATE_EVENT_ID -> "!" + version.eventIdFormat().eventId(version, createEvent).substring(1);
        };
    }
}
