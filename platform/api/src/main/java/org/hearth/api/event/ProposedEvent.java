package org.hearth.api.event;

import org.hearth.api.id.ServerName;

/**
 * An event an {@link EventPolicy} is asked about.
 *
 * @param event        the event as it would be stored (stream position 0)
 * @param roomCreation whether this event is part of creating a new room
 * @param origin       the server the event comes from: this server for local users' events,
 *                     another one for an invite, join, leave or knock that server asks this
 *                     server to accept over federation
 * @param local        whether {@code origin} is this server
 */
public record ProposedEvent(RoomEvent event, boolean roomCreation, ServerName origin, boolean local) {
}
