package org.hearth.storage.sql.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;
import org.hearth.api.spi.storage.PushStore;

/**
 * The rows of one event's push notifications, inside a transaction of the caller: the room read
 * up to the event for its local sender, then one row per notified user, in the caller's
 * {@link StatementPipeline}, except for many rows, which go as one JDBC batch at once (a large
 * room gives an event a thousand rows). What they change of unread counts goes to the caller's
 * {@link UnreadCountsKept.Write}. Shared by {@link SqlPushStore#addNotifications} and
 * {@link SqlEventStore#write} (an event written with its notifications).
 */
final class NotificationRows {
    private static final String INSERT = "INSERT INTO push_notifications (user_id, room_id, event_id, stream_position,"
            + " thread_id, highlight, unread, actions, ts) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)"
            + " ON CONFLICT (user_id, stream_position) DO NOTHING";
    private static final String MARK_READ = "UPDATE push_notifications SET unread = 0 WHERE user_id = ?"
            + " AND room_id = ? AND unread = 1 AND stream_position <= ?";
    /** At most this many rows go into the pipeline; more would make it one large query. */
    private static final int PIPELINED = 16;

    private NotificationRows() {
    }

    /** Every notification is stored at {@code streamPosition}, the event's. */
    static void write(StatementPipeline rows, SqlSession session, String roomId, long streamPosition, String localSender,
                      List<PushStore.Notification> notifications, UnreadCountsKept.Write counts) {
        if (localSender != null) {
            rows.add(MARK_READ, localSender, roomId, streamPosition);
            counts.markedRead(localSender, roomId);
        }
        if (notifications.size() <= PIPELINED) {
            for (PushStore.Notification n : notifications) {
                int handle = rows.addCounted(INSERT, n.userId(), n.roomId(), n.eventId(), streamPosition, n.threadId(),
                        n.highlight() ? 1 : 0, n.actionsJson(), n.ts());
                counts.inserted(n.userId(), n.roomId(), n.threadId(), n.highlight(), () -> rows.rowCount(handle));
            }
            return;
        }
        try (PreparedStatement insert = session.getConnection().prepareStatement(INSERT)) {
            for (PushStore.Notification n : notifications) {
                insert.setString(1, n.userId());
                insert.setString(2, n.roomId());
                insert.setString(3, n.eventId());
                insert.setLong(4, streamPosition);
                insert.setString(5, n.threadId());
                insert.setInt(6, n.highlight() ? 1 : 0);
                insert.setString(7, n.actionsJson());
                insert.setLong(8, n.ts());
                insert.addBatch();
            }
            int[] inserted = insert.executeBatch();
            for (int i = 0; i < notifications.size(); i++) {
                PushStore.Notification n = notifications.get(i);
                int row = i;
                counts.inserted(n.userId(), n.roomId(), n.threadId(), n.highlight(),
                        () -> row < inserted.length ? inserted[row] : -1);
            }
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }
}
