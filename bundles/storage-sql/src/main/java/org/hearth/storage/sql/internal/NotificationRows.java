package org.hearth.storage.sql.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hearth.api.spi.storage.PushStore;

/**
 * The rows of one event's push notifications, inside a transaction of the caller, in its
 * {@link StatementPipeline}: the room read up to the event for its local sender, then one row per
 * outcome the event has (thread, highlight, actions), which names the users notified so as a set
 * of their {@link PushSlots} numbers. An ordinary message has one outcome for every member, so a
 * room of a thousand members costs one row. What they change of unread counts goes to the caller's
 * {@link UnreadCountsKept.Write}. Shared by {@link SqlPushStore#addNotifications} and
 * {@link SqlEventStore#write} (an event written with its notifications).
 */
final class NotificationRows {
    /** The position ({@link PositionSql}) goes first in each statement, its parameters first. */
    private static final String INSERT = "INSERT INTO push_notification_groups (stream_position, room_id, grp, event_id,"
            + " thread_id, highlight, actions, ts, users) VALUES (";
    private static final String INSERT_END = ", ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (room_id, stream_position, grp) DO NOTHING";
    private static final String MARK_READ = "INSERT INTO push_reads (up_to, user_id, room_id, thread_id) VALUES (";
    private static final String MARK_READ_END = ", ?, ?, '')" + PushMapper.READ_FURTHER;

    /** What an event's notifications share in one row: all but the user. */
    private record Outcome(String roomId, String eventId, String threadId, boolean highlight, String actionsJson,
                           long ts) {
        static Outcome of(PushStore.Notification n) {
            return new Outcome(n.roomId(), n.eventId(), n.threadId(), n.highlight(), n.actionsJson(), n.ts());
        }

        /** Whether the notification has this outcome: {@code of(n).equals(this)}, without making one. */
        boolean holds(PushStore.Notification n) {
            return ts == n.ts() && highlight == n.highlight() && eventId.equals(n.eventId())
                    && roomId.equals(n.roomId()) && Objects.equals(threadId, n.threadId())
                    && Objects.equals(actionsJson, n.actionsJson());
        }
    }

    /** The members notified with one outcome, and their numbers in the room. */
    private static final class Members {
        final List<String> userIds = new ArrayList<>();
        final BitSet numbers = new BitSet();

        void add(String userId, int number) {
            userIds.add(userId);
            numbers.set(number);
        }

        /** Whether the user is one of them, by number: cheaper than a set of a thousand user IDs. */
        boolean names(PushSlots.Room slots, String userId) {
            int number = slots.numberOf(userId);
            return number >= 0 && numbers.get(number);
        }
    }

    private NotificationRows() {
    }

    /** The users notified, some maybe twice, who need a number in the room before {@link #write}. */
    static List<String> notified(List<PushStore.Notification> notifications) {
        List<String> users = new ArrayList<>(notifications.size() + 1);
        notifications.forEach(n -> users.add(n.userId()));
        return users;
    }

    /**
     * Every notification is stored at the event's position; a user named twice is notified once,
     * as the first names them. {@code slots}: the room's, with a number for each user notified.
     */
    static void write(StatementPipeline rows, String roomId, PositionSql position, String localSender,
                      List<PushStore.Notification> notifications, PushSlots.Room slots, UnreadCountsKept.Write counts) {
        if (localSender != null) {
            rows.add(MARK_READ + position.sql() + MARK_READ_END, position.then(localSender, roomId));
            counts.markedRead(localSender, roomId);
        }
        Map<Outcome, Members> outcomes = new LinkedHashMap<>();
        BitSet named = new BitSet(); // by number: cheaper than a set of a thousand user IDs
        Outcome outcome = null; // the last notification's, and its members
        Members members = null;
        for (PushStore.Notification n : notifications) {
            if (!n.roomId().equals(roomId)) {
                throw new IllegalArgumentException("a notification of " + n.roomId() + " among those of " + roomId);
            }
            int number = slots.of(n.userId());
            if (named.get(number)) {
                continue;
            }
            named.set(number);
            // Most of an event's notifications have the outcome of the one before: compared, not hashed again.
            if (outcome == null || !outcome.holds(n)) {
                outcome = Outcome.of(n);
                members = outcomes.computeIfAbsent(outcome, o -> new Members());
            }
            members.add(n.userId(), number);
        }
        String insert = INSERT + position.sql() + INSERT_END;
        int group = 0;
        for (Map.Entry<Outcome, Members> entry : outcomes.entrySet()) {
            Outcome o = entry.getKey();
            Members of = entry.getValue();
            // 1: new; 0: the event's notifications were written before (by a write run again), and counted then
            StatementPipeline.Result inserted = rows.addCounted(insert, position.then(roomId, group++, o.eventId(),
                    o.threadId(), o.highlight() ? 1 : 0, o.actionsJson(), o.ts(), SlotSets.of(of.numbers)));
            counts.inserted(roomId, of.userIds, user -> of.names(slots, user), o.threadId(), o.highlight(),
                    () -> (int) inserted.get());
        }
    }
}
