package org.hearth.core.internal.rooms;

import java.util.List;
import java.util.function.Function;
import org.hearth.api.spi.storage.PushStore;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.rooms.auth.PowerLevels;

/**
 * The push notifications of the events a {@link RoomBatch} stores (the push module's rule
 * evaluation). A local user's event is evaluated as it is added, from the room as the batch
 * stands, and its notifications commit in the event's own transaction: one commit a send, and
 * the unread counts are right the moment the event is visible. So is an event placed from another
 * server that changes the room's current state by its own entry at most (a message, a state event
 * on top of the room); one whose state resolution changes more is evaluated after its commit
 * ({@link #committed}), from the stored membership.
 */
public interface EventNotifications {

    /**
     * The notifications the event gives the room's local members (its joined members but the
     * sender, and the target of an invite), by outcome; the sender may be named among them
     * ({@link PushStore.Notified} says the store leaves them out), so that a group is the same
     * list of the room's members from one message to the next.
     *
     * @param members     the room's membership once the event is applied
     * @param powerLevels the room's power levels once the event is applied
     * @param displayName a local member's display name in the room, null when none
     */
    List<PushStore.Notified> evaluate(String roomId, Pdu event, RoomMembers members, PowerLevels powerLevels,
                                          Function<String, String> displayName);

    /**
     * Evaluates and stores, in a transaction of its own, the notifications of a stored event that
     * was not evaluated before its write. Never throws: the event is stored already.
     */
    void committed(String roomId, Pdu event, long streamPosition, PowerLevels powerLevels);
}
