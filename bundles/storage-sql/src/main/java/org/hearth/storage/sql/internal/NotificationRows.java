package org.hearth.storage.sql.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearth.api.spi.storage.PushStore;

/**
 * The rows of one event's push notifications, inside a transaction of the caller, in its
 * {@link StatementPipeline}: the room read up to the event for its local sender, then one row per
 * outcome the event has (thread, highlight, actions), which names the users notified so as a set
 * of their {@link PushSlots} numbers. An ordinary message has one outcome for every member, so a
 * room of a thousand members costs one row, made without a step per member once the room's
 * members are numbered ({@link PushSlots.Room#numbers}). What they change of unread counts goes to the caller's
 * {@link UnreadCountsKept.Write}. Shared by {@link SqlPushStore#addNotified} and
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

    /** What an event's notifications share in one row: all but the users. */
    private record Outcome(String threadId, boolean highlight, String actionsJson) {}

    /** The users notified with one outcome, as numbers; and the groups naming them, for the unread counts. */
    private record Row(BitSet numbers, List<PushStore.Notified> groups) {}

    private NotificationRows() {
    }

    /** The users named, some maybe twice, who need a number in the room before {@link #write}. */
    static List<String> named(List<PushStore.Notified> notified) {
        if (notified.size() == 1) {
            return notified.get(0).userIds(); // as it is: PushSlots knows the list it numbered last
        }
        List<String> users = new ArrayList<>();
        notified.forEach(n -> users.addAll(n.userIds()));
        return users;
    }

    /**
     * The event's notifications, stored at its position; the local sender is not notified, and a
     * user named twice is notified as the first names them (see {@link PushStore.Notified}).
     * {@code slots}: the room's, with a number for each user named.
     */
    static void write(StatementPipeline rows, String roomId, PositionSql position, String eventId, long ts,
                      String localSender, List<PushStore.Notified> notified, PushSlots.Room slots,
                      UnreadCountsKept.Write counts) {
        BitSet named = new BitSet(); // by number: cheaper than a set of a thousand user IDs
        if (localSender != null) {
            rows.add(MARK_READ + position.sql() + MARK_READ_END, position.then(localSender, roomId));
            counts.markedRead(localSender, roomId);
            int sender = slots.numberOf(localSender);
            if (sender >= 0) {
                named.set(sender);
            }
        }
        Map<Outcome, Row> outcomes = new LinkedHashMap<>();
        for (PushStore.Notified n : notified) {
            BitSet numbers = slots.numbers(n);
            numbers.andNot(named);
            if (numbers.isEmpty()) {
                continue;
            }
            named.or(numbers);
            Row row = outcomes.computeIfAbsent(new Outcome(n.threadId(), n.highlight(), n.actionsJson()),
                    o -> new Row(new BitSet(), new ArrayList<>()));
            row.numbers().or(numbers);
            row.groups().add(n);
        }
        String insert = INSERT + position.sql() + INSERT_END;
        int group = 0;
        for (Map.Entry<Outcome, Row> entry : outcomes.entrySet()) {
            Outcome o = entry.getKey();
            BitSet numbers = entry.getValue().numbers();
            // 1: new; 0: the event's notifications were written before (by a write run again), and counted then
            StatementPipeline.Result inserted = rows.addCounted(insert, position.then(roomId, group++, eventId,
                    o.threadId(), o.highlight() ? 1 : 0, o.actionsJson(), ts, SlotSets.of(numbers)));
            for (PushStore.Notified n : entry.getValue().groups()) {
                counts.inserted(roomId, n.userIds(), user -> {
                    int number = slots.numberOf(user);
                    return number >= 0 && numbers.get(number);
                }, o.threadId(), o.highlight(), () -> (int) inserted.get());
            }
        }
    }
}
