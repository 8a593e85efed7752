package org.hearth.api.event;

/**
 * An event an {@link EventPolicy} is asked about.
 *
 * @param event        the event as it would be stored (stream position 0)
 * @param roomCreation whether this event is part of creating a new room
 */
public record ProposedEvent(RoomEvent event, boolean roomCreation) {
}
