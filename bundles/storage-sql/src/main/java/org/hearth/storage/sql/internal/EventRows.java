package org.hearth.storage.sql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;
import org.hearth.api.spi.storage.NewEvent;

/**
 * The rows one stored event writes besides its state, inside the caller's transaction, in plain
 * JDBC on the session's connection: they are the send path's hottest statements, and MyBatis's
 * work per call (building the dynamic SQL of a list, mapping parameters by reflection) cost more
 * CPU than the database did (JFR of sequential sends). A list goes as one JDBC batch: one round
 * trip on PostgreSQL.
 */
final class EventRows {
    private static final String INSERT_EVENT = "INSERT INTO events (stream_position, event_id, room_id, depth, type,"
            + " state_key, sender, origin_server_ts, json, state_group, state_group_before, status, rejected_reason)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** An outlier received again in full: its row is replaced by the event with its place in the room. */
    private static final String DELETE_OUTLIER = "DELETE FROM events WHERE event_id = ? AND status = 1";
    private static final String INSERT_EDGE = "INSERT INTO event_edges (event_id, prev_event_id) VALUES (?, ?)"
            + " ON CONFLICT (event_id, prev_event_id) DO NOTHING";
    private static final String INSERT_AUTH_EDGE = "INSERT INTO event_auth_edges (event_id, auth_event_id)"
            + " VALUES (?, ?) ON CONFLICT (event_id, auth_event_id) DO NOTHING";
    private static final String INSERT_TRANSACTION = "INSERT INTO event_transactions (sender, device_id, scope,"
            + " txn_id, event_id) VALUES (?, ?, ?, ?, ?)";
    private static final String PUT_EXTREMITIES = "INSERT INTO room_extremities (room_id, event_ids) VALUES (?, ?)"
            + " ON CONFLICT (room_id) DO UPDATE SET event_ids = excluded.event_ids";
    private static final String DELETE_EXTREMITIES = "DELETE FROM room_extremities WHERE room_id = ?";

    private EventRows() {
    }

    static void insert(SqlSession session, long position, String roomId, NewEvent e, long stateGroup,
                       long stateGroupBefore, int status, String rejectedReason) {
        try (PreparedStatement insert = connection(session).prepareStatement(INSERT_EVENT)) {
            insert.setLong(1, position);
            insert.setString(2, e.eventId());
            insert.setString(3, roomId);
            insert.setLong(4, e.depth());
            insert.setString(5, e.type());
            nullableText(insert, 6, e.stateKey());
            insert.setString(7, e.sender());
            insert.setLong(8, e.originServerTs());
            insert.setString(9, e.json());
            insert.setLong(10, stateGroup);
            insert.setLong(11, stateGroupBefore);
            insert.setInt(12, status);
            nullableText(insert, 13, rejectedReason);
            insert.executeUpdate();
        } catch (SQLException failure) {
            throw new PersistenceException(failure);
        }
    }

    static void deleteOutlier(SqlSession session, String eventId) {
        one(session, DELETE_OUTLIER, eventId);
    }

    static void edges(SqlSession session, String eventId, Collection<String> prevEventIds) {
        pairs(session, INSERT_EDGE, eventId, prevEventIds);
    }

    static void authEdges(SqlSession session, String eventId, Collection<String> authEventIds) {
        pairs(session, INSERT_AUTH_EDGE, eventId, authEventIds);
    }

    static void transaction(SqlSession session, NewEvent e) {
        one(session, INSERT_TRANSACTION, e.sender(), e.txn().deviceId(), e.txn().scope(), e.txn().txnId(), e.eventId());
    }

    /** The room's forward extremities become these. */
    static void replaceExtremities(SqlSession session, String roomId, Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            one(session, DELETE_EXTREMITIES, roomId);
        } else {
            one(session, PUT_EXTREMITIES, roomId, ExtremityList.json(eventIds));
        }
    }

    /** The statement once, with these text parameters. */
    private static void one(SqlSession session, String sql, String... params) {
        try (PreparedStatement statement = connection(session).prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            statement.executeUpdate();
        } catch (SQLException failure) {
            throw new PersistenceException(failure);
        }
    }

    /** The statement once per value, {@code first} before it, as one batch (one round trip). */
    private static void pairs(SqlSession session, String sql, String first, Collection<String> values) {
        if (values.size() == 1) {
            one(session, sql, first, values.iterator().next());
            return;
        }
        if (values.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection(session).prepareStatement(sql)) {
            for (String value : values) {
                statement.setString(1, first);
                statement.setString(2, value);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException failure) {
            throw new PersistenceException(failure);
        }
    }

    private static void nullableText(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    private static Connection connection(SqlSession session) {
        return session.getConnection();
    }
}
