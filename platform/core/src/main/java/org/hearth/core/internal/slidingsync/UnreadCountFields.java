package org.hearth.core.internal.slidingsync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.receipts.ReceiptsSync;
import org.hearth.core.internal.receipts.UnreadCounts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code notification_count} and {@code highlight_count} of a joined room, as today's clients
 * read them in sliding sync: the user's unread notifications after their read receipts, threads
 * included (the same counts as {@code /sync}'s {@code unread_notifications}).
 */
@Component(service = SlidingSyncRoomFields.class)
public class UnreadCountFields implements SlidingSyncRoomFields {
    private final ReceiptsSync receipts;

    @Activate
    public UnreadCountFields(@Reference ReceiptsSync receipts) {
        this.receipts = receipts;
    }

    @Override
    public void addTo(Map<String, ObjectNode> rooms, UserId user) {
        Map<String, UnreadCounts> unread = receipts.unreadCounts(user, rooms.keySet(), false);
        rooms.forEach((roomId, room) -> {
            UnreadCounts counts = unread.getOrDefault(roomId, UnreadCounts.NONE);
            room.put("notification_count", counts.notifications());
            room.put("highlight_count", counts.highlights());
        });
    }
}
