package org.hearth.core.internal.receipts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.PushStore;
import org.hearth.api.spi.storage.ReceiptStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The receipt and unread-count parts of a joined room in {@code /sync}.
 *
 * <ul>
 *   <li>{@code ephemeral}: one {@code m.receipt} event per room ("Receipts"), content
 *       {@code {event_id: {type: {user_id: {ts, thread_id?}}}}}, with the receipts changed since the
 *       token (all current ones in an initial sync). Another user's {@code m.read.private} is
 *       never sent.</li>
 *   <li>{@code unread_notifications}: the user's notifications after their read receipts
 *       ("Receiving notifications"); with the filter's {@code unread_thread_notifications}, those of
 *       threads go to {@code unread_thread_notifications} by thread root, the main timeline's stay.</li>
 * </ul>
 */
@Component(service = ReceiptsSync.class)
public class ReceiptsSync {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ReceiptStore receipts;
    private final PushStore push;

    @Activate
    public ReceiptsSync(@Reference ReceiptStore receipts, @Reference PushStore push) {
        this.receipts = receipts;
        this.push = push;
    }

    /** The receipts one sync shows, by room. */
    public static final class Changes {
        private final Map<String, List<ReceiptStore.Receipt>> byRoom = new HashMap<>();

        /** Whether the room has receipts to show. */
        public boolean has(String roomId) {
            return byRoom.containsKey(roomId);
        }

        /** Adds the room's {@code m.receipt} event, if it has receipts to show. */
        public void addTo(String roomId, ArrayNode ephemeral) {
            List<ReceiptStore.Receipt> list = byRoom.get(roomId);
            if (list == null) {
                return;
            }
            ObjectNode event = ephemeral.addObject();
            event.put("type", "m.receipt");
            ObjectNode content = event.putObject("content");
            for (ReceiptStore.Receipt r : list) {
                ObjectNode byType = content.has(r.eventId()) ? (ObjectNode) content.get(r.eventId())
                        : content.putObject(r.eventId());
                ObjectNode byUser = byType.has(r.type()) ? (ObjectNode) byType.get(r.type()) : byType.putObject(r.type());
                ObjectNode receipt = byUser.putObject(r.userId()).put("ts", r.ts());
                if (r.threadId() != null) {
                    receipt.put("thread_id", r.threadId());
                }
            }
        }
    }

    /** The receipts in the rooms changed in (after, upTo] that the user may see; all current ones when after is 0. */
    public Changes changes(UserId user, Collection<String> roomIds, long after, long upTo) {
        Changes changes = new Changes();
        if (roomIds.isEmpty()) {
            return changes;
        }
        String me = user.toString();
        for (ReceiptStore.Receipt r : receipts.receiptsChanged(roomIds, after, upTo)) {
            // Spec "Private read receipts": never sent to any other user than their owner.
            if (!Receipts.READ_PRIVATE.equals(r.type()) || r.userId().equals(me)) {
                changes.byRoom.computeIfAbsent(r.roomId(), k -> new ArrayList<>()).add(r);
            }
        }
        return changes;
    }

    /**
     * Sets {@code unread_notifications} (and, when asked, {@code unread_thread_notifications}) on
     * every room section of {@code join} (room ID to section).
     */
    public void addUnreadCounts(UserId user, ObjectNode join, boolean byThread) {
        List<String> roomIds = new ArrayList<>();
        join.fieldNames().forEachRemaining(roomIds::add);
        Map<String, List<PushStore.UnreadCount>> counts = new HashMap<>();
        if (!roomIds.isEmpty()) {
            push.unreadCounts(user, roomIds).forEach(c -> counts.computeIfAbsent(c.roomId(), k -> new ArrayList<>()).add(c));
        }
        for (String roomId : roomIds) {
            ObjectNode section = (ObjectNode) join.get(roomId);
            long notifications = 0;
            long highlights = 0;
            ObjectNode threads = F.objectNode();
            for (PushStore.UnreadCount c : counts.getOrDefault(roomId, List.of())) {
                if (byThread && !Threads.MAIN.equals(c.threadId())) {
                    threads.putObject(c.threadId()).put("highlight_count", c.highlights())
                            .put("notification_count", c.notifications());
                } else {
                    notifications += c.notifications();
                    highlights += c.highlights();
                }
            }
            section.putObject("unread_notifications").put("highlight_count", highlights)
                    .put("notification_count", notifications);
            if (byThread && !threads.isEmpty()) {
                section.set("unread_thread_notifications", threads);
            }
        }
    }
}
