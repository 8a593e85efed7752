package org.hearth.core.internal.receipts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.PushStore;
import org.hearth.api.spi.storage.ReceiptStore;
import org.hearth.core.internal.relations.Threads;
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

        /** The room's receipts to show, empty when none. */
        public List<ReceiptStore.Receipt> of(String roomId) {
            return byRoom.getOrDefault(roomId, List.of());
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
     * The unread counts of the given rooms by room ID: the main timeline's and, when
     * {@code byThread}, each thread's apart (otherwise threads count in the main figures).
     */
    public Map<String, UnreadCounts> unreadCounts(UserId user, Collection<String> roomIds, boolean byThread) {
        Map<String, List<PushStore.UnreadCount>> counts = new HashMap<>();
        if (!roomIds.isEmpty()) {
            push.unreadCounts(user, new ArrayList<>(roomIds))
                    .forEach(c -> counts.computeIfAbsent(c.roomId(), k -> new ArrayList<>()).add(c));
        }
        Map<String, UnreadCounts> out = new HashMap<>();
        counts.forEach((roomId, list) -> {
            long notifications = 0;
            long highlights = 0;
            Map<String, UnreadCounts> threads = byThread ? new HashMap<>() : null;
            for (PushStore.UnreadCount c : list) {
                if (byThread && !Threads.MAIN.equals(c.threadId())) {
                    threads.put(c.threadId(), new UnreadCounts(c.notifications(), c.highlights(), null));
                } else {
                    notifications += c.notifications();
                    highlights += c.highlights();
                }
            }
            out.put(roomId, new UnreadCounts(notifications, highlights, threads));
        });
        return out;
    }
}
