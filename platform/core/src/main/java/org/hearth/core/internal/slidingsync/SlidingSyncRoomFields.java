package org.hearth.core.internal.slidingsync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.api.id.UserId;

/**
 * Fields of a joined room's result that another part of core fills, as a component of this
 * service type: today's clients read {@code notification_count} and {@code highlight_count}
 * (dropped from the merged proposal), which come with read receipts and unread counts. Called
 * each time the room is sent; none is registered yet, so those fields are absent.
 */
public interface SlidingSyncRoomFields {

    /** Adds the fields of the user's joined room to its result. */
    void addTo(ObjectNode room, UserId user, String roomId);
}
