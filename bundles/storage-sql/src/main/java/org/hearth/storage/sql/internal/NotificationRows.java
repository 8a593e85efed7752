package org.hearth.storage.sql.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
    /** The position ({@link PositionSql}) goes between the halves of each statement, its parameters first. */
    private static final String INSERT = "INSERT INTO push_notifications (stream_position, user_id, room_id, event_id,"
            + " thread_id, highlight, unread, actions, ts) VALUES (";
    private static final String INSERT_END = ", ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (user_id, stream_position) DO NOTHING";
    private static final String MARK_READ = "UPDATE push_notifications SET unread = 0 WHERE stream_position <= ";
    private static final String MARK_READ_END = " AND user_id = ? AND room_id = ? AND unread = 1";
    /** At most this many rows go into the pipeline; more would make it one large query. */
    private static final int PIPELINED = 16;

    private NotificationRows() {
    }

    /**
     * Whether {@link #write} puts all of these rows in the pipeline; if not, it runs them at once,
     * so that their position must be a number then.
     */
    static boolean pipelined(List<PushStore.Notification> notifications) {
        return notifications.size() <= PIPELINED;
    }

    /** The users whose unread counts {@link #write} changes: those notified, and the local sender, who reads the room. */
    static Set<String> users(String localSender, List<PushStore.Notification> notifications) {
        Set<String> users = new HashSet<>();
        notifications.forEach(n -> users.add(n.userId()));
        if (localSender != null) {
            users.add(localSender);
        }
        return users;
    }

    /** Every notification is stored at the event's position. */
    static void write(StatementPipeline rows, SqlSession session, String roomId, PositionSql position,
                      String localSender, List<PushStore.Notification> notifications, UnreadCountsKept.Write counts) {
        if (localSender != null) {
            rows.add(MARK_READ + position.sql() + MARK_READ_END, position.then(localSender, roomId));
            counts.markedRead(localSender, roomId);
        }
        if (pipelined(notifications)) {
            String insert = INSERT + position.sql() + INSERT_END;
            for (PushStore.Notification n : notifications) {
                StatementPipeline.Result inserted = rows.addCounted(insert, position.then(n.userId(), n.roomId(),
                        n.eventId(), n.threadId(), n.highlight() ? 1 : 0, n.actionsJson(), n.ts()));
                counts.inserted(n.userId(), n.roomId(), n.threadId(), n.highlight(), () -> (int) inserted.get());
            }
            return;
        }
        if (position.value() == null) {
            throw new IllegalArgumentException("many notifications need their event's position as a number");
        }
        long streamPosition = position.value();
        DeferredRows.send();
        try (PreparedStatement insert = session.getConnection().prepareStatement(INSERT + "?" + INSERT_END)) {
            for (PushStore.Notification n : notifications) {
                insert.setLong(1, streamPosition);
                insert.setString(2, n.userId());
                insert.setString(3, n.roomId());
                insert.setString(4, n.eventId());
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
