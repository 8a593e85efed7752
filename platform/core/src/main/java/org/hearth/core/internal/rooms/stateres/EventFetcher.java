package org.hearth.core.internal.rooms.stateres;

import java.util.Optional;
import org.hearth.core.internal.event.Pdu;

/**
 * Where state resolution reads events: the events of the state sets and everything in their
 * auth chains must be found here. Implemented by the event store (and a map in tests).
 */
public interface EventFetcher {
    Optional<Pdu> fetch(String eventId);

    /**
     * Whether the event was rejected by the authorisation rules on receipt (Server-Server API,
     * "Rejection"); rejected auth events are not used by the iterative auth checks.
     */
    boolean isRejected(String eventId);
}
