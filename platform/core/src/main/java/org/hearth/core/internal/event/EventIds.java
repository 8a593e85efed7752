package org.hearth.core.internal.event;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Event and room IDs as a room version forms them (the "Event IDs" section of each room
 * version; Appendices, "Room IDs"), and the {@link Pdu} that carries the right one.
 */
public final class EventIds {
    private EventIds() {
    }

    /**
     * The event's ID: read from {@code event_id} in room versions 1 and 2, the reference hash of
     * the event in its federation form (no {@code event_id}) from version 3 on.
     *
     * @throws IllegalArgumentException if a version 1 or 2 event has no {@code event_id}
     * @throws NotCanonicalJsonException if the event has no canonical form under the version's rules
     */
    public static String compute(RoomVersion version, ObjectNode event) {
        return version.eventIdFormat().eventId(version, event);
    }

    /**
     * The room's ID, given its {@code m.room.create} event: the create event's {@code room_id}
     * up to room version 11, derived from the create event's reference hash in version 12.
     */
    public static String roomId(RoomVersion version, ObjectNode createEvent) {
        return version.roomIdFormat().roomId(version, createEvent);
    }

    /** The event as a {@link Pdu}, under the ID its room version gives it. */
    public static Pdu pdu(RoomVersion version, ObjectNode event) {
        return Pdu.of(event, compute(version, event));
    }
}
