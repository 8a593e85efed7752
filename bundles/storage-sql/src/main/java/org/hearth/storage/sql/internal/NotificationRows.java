package org.hearth.storage.sql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * {@link StatementPipeline}, except for many rows, which go at once (a large room gives an event a
 * thousand rows): as one JDBC batch, or on PostgreSQL as one statement. What they change of unread
 * counts goes to the caller's {@link UnreadCountsKept.Write}. Shared by {@link SqlPushStore#addNotifications} and
 * {@link SqlEventStore#write} (an event written with its notifications).
 */
final class NotificationRows {
    /** The position ({@link PositionSql}) goes between the halves of each statement, its parameters first. */
    private static final String INTO = "INSERT INTO push_notifications (stream_position, user_id, room_id, event_id,"
            + " thread_id, highlight, unread, actions, ts) ";
    private static final String INSERT = INTO + "VALUES (";
    private static final String INSERT_END = ", ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (user_id, stream_position) DO NOTHING";
    private static final String INSERT_FROM_ARRAYS = INTO + "SELECT ?, n.user_id, n.room_id, n.event_id,"
            + " n.thread_id, n.highlight, 1, n.actions, n.ts FROM unnest(?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::int[], ?::text[], ?::bigint[]) AS n (user_id, room_id, event_id, thread_id, highlight, actions, ts)"
            + " ON CONFLICT (user_id, stream_position) DO NOTHING RETURNING user_id";
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
        try {
            int[] inserted = rows.dialect() == Dialect.POSTGRES
                    ? insertFromArrays(session.getConnection(), streamPosition, notifications)
                    : insertBatch(session.getConnection(), streamPosition, notifications);
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

    /** One statement a row, in one JDBC batch; the rows each inserted (0 when already there). */
    private static int[] insertBatch(Connection connection, long streamPosition,
                                     List<PushStore.Notification> notifications) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT + "?" + INSERT_END)) {
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
            return insert.executeBatch();
        }
    }

    /**
     * PostgreSQL: every row in one statement, from arrays of the columns. A thousand rows took 9-10 ms
     * instead of 14 as a batch of single-row inserts, each of which the server plans and runs apart.
     * The rows inserted come back by RETURNING; a user's second row of the same position is a
     * conflict, as in a batch.
     */
    private static int[] insertFromArrays(Connection connection, long streamPosition,
                                          List<PushStore.Notification> notifications) throws SQLException {
        int size = notifications.size();
        String[] users = new String[size];
        String[] rooms = new String[size];
        String[] events = new String[size];
        String[] threads = new String[size];
        Integer[] highlights = new Integer[size];
        String[] actions = new String[size];
        Long[] times = new Long[size];
        for (int i = 0; i < size; i++) {
            PushStore.Notification n = notifications.get(i);
            users[i] = n.userId();
            rooms[i] = n.roomId();
            events[i] = n.eventId();
            threads[i] = n.threadId();
            highlights[i] = n.highlight() ? 1 : 0;
            actions[i] = n.actionsJson();
            times[i] = n.ts();
        }
        Set<String> insertedUsers = new HashSet<>();
        try (PreparedStatement insert = connection.prepareStatement(INSERT_FROM_ARRAYS)) {
            insert.setLong(1, streamPosition);
            insert.setArray(2, connection.createArrayOf("text", users));
            insert.setArray(3, connection.createArrayOf("text", rooms));
            insert.setArray(4, connection.createArrayOf("text", events));
            insert.setArray(5, connection.createArrayOf("text", threads));
            insert.setArray(6, connection.createArrayOf("int4", highlights));
            insert.setArray(7, connection.createArrayOf("text", actions));
            insert.setArray(8, connection.createArrayOf("int8", times));
            try (ResultSet returned = insert.executeQuery()) {
                while (returned.next()) {
                    insertedUsers.add(returned.getString(1));
                }
            }
        }
        int[] inserted = new int[size];
        for (int i = 0; i < size; i++) {
            inserted[i] = insertedUsers.remove(users[i]) ? 1 : 0; // a repeated user: the first row only
        }
        return inserted;
    }
}
