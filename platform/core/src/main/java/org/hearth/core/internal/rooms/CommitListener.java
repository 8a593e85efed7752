package org.hearth.core.internal.rooms;

import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.rooms.auth.PowerLevels;

/**
 * Told of each event a local write stored, in order, under the room's lock and before the
 * room's syncs are woken: what it derives (guest access) is there when they look. It must
 * not throw: the event is stored already.
 */
public interface CommitListener {

    /** @param powerLevels the room's power levels once the batch's events are applied */
    void committed(String roomId, Pdu event, long streamPosition, PowerLevels powerLevels);
}
