package org.hearth.core.internal.slidingsync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.hearth.api.id.UserId;

/**
 * Fields of a joined room's result that another part of core fills, as a component of this
 * service type: today's clients read {@code notification_count} and {@code highlight_count}
 * (dropped from the merged proposal), from read receipts and unread counts ({@link UnreadCountFields}). Called
 * each time the room is sent.
 */
public interface SlidingSyncRoomFields {

    /** Adds the fields of the user's joined rooms to their results (room ID → result): once for all, to read them at once. */
    void addTo(Map<String, ObjectNode> rooms, UserId user);
}
