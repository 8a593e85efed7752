package org.hearth.storage.sql.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.LongConsumer;
import org.hearth.api.spi.storage.NewEvent;

/**
 * The rows one stored event writes besides its state, added to the caller's
 * {@link StatementPipeline} in plain JDBC: they are the send path's hottest statements, and
 * MyBatis's work per call (building the dynamic SQL of a list, mapping parameters by reflection)
 * cost more CPU than the database did (JFR of sequential sends); in a pipeline they cost
 * PostgreSQL one round trip together.
 */
final class EventRows {
    private static final String COLUMNS = "(stream_position, event_id, room_id, depth, type,"
            + " state_key, sender, origin_server_ts, json, state_group, state_group_before, status, rejected_reason)";
    private static final String INSERT_EVENT = "INSERT INTO events " + COLUMNS
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /**
     * At the next stream position, taken under the lock {@link StreamMapper} explains, in the same
     * statement; PostgreSQL answers the position.
     */
    private static final String INSERT_EVENT_NEXT_POSTGRES = "WITH serialised AS MATERIALIZED (SELECT"
            + " pg_advisory_xact_lock(" + StreamMapper.STREAM_LOCK + ")) INSERT INTO events " + COLUMNS
            + " SELECT nextval('stream_position'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM serialised"
            + " RETURNING stream_position";
    private static final String NEXT_POSITION_SQLITE = "UPDATE stream_position SET position = position + 1";
    private static final String INSERT_EVENT_NEXT_SQLITE = "INSERT INTO events " + COLUMNS
            + " VALUES ((SELECT position FROM stream_position), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " RETURNING stream_position";
    /** An outlier received again in full: its row is replaced by the event with its place in the room. */
    private static final String DELETE_OUTLIER = "DELETE FROM events WHERE event_id = ? AND status = 1";
    private static final String INSERT_EDGES = "INSERT INTO event_edges (event_id, prev_event_id) VALUES ";
    private static final String INSERT_EDGES_END = " ON CONFLICT (event_id, prev_event_id) DO NOTHING";
    private static final String INSERT_AUTH_EDGES = "INSERT INTO event_auth_edges (event_id, auth_event_id) VALUES ";
    private static final String INSERT_AUTH_EDGES_END = " ON CONFLICT (event_id, auth_event_id) DO NOTHING";
    /**
     * Fails when the device sent this transaction already ({@link TakenTransactions}): the failure
     * stops the rows that follow it, the event's and a COMMIT sent with them ({@link DeferredRows}).
     */
    static final String TRANSACTIONS = "event_transactions";
    private static final String INSERT_TRANSACTION = "INSERT INTO " + TRANSACTIONS + " (sender, device_id, scope,"
            + " txn_id, event_id) VALUES (?, ?, ?, ?, ?)";
    private static final String PUT_EXTREMITIES = "INSERT INTO room_extremities (room_id, event_ids) VALUES (?, ?)"
            + " ON CONFLICT (room_id) DO UPDATE SET event_ids = excluded.event_ids";
    private static final String INDEX_POSTGRES = "INSERT INTO event_search (stream_position, room_id, type, vector)"
            + " VALUES (";
    private static final String INDEX_POSTGRES_END = ", ?, ?, to_tsvector('english', ?))";
    /** An FTS5 table whose rowid is the stream position. */
    private static final String INDEX_SQLITE = "INSERT INTO event_search (rowid, text, room_id, type) VALUES (";
    private static final String INDEX_SQLITE_END = ", ?, ?, ?)";
    /** At most this many rows in one statement of {@link #pairs}. */
    private static final int PAIRS = 50;
    private static final String DELETE_EXTREMITIES = "DELETE FROM room_extremities WHERE room_id = ?";

    private EventRows() {
    }

    /** The event at a position it was given (history). */
    static void insert(StatementPipeline rows, long position, String roomId, NewEvent e, long stateGroup,
                       long stateGroupBefore, int status, String rejectedReason) {
        rows.add(INSERT_EVENT, values(position, roomId, e, stateGroup, stateGroupBefore, status, rejectedReason));
    }

    /**
     * The event at the next stream position; added last, so that the lock that position takes is
     * held briefly. Its result is the position; {@code taken} gets it as soon as it is known.
     */
    static StatementPipeline.Result insertAtNextPosition(StatementPipeline rows, String roomId, NewEvent e,
                                                         long stateGroup, long stateGroupBefore, int status,
                                                         String rejectedReason, LongConsumer taken) {
        Object[] values = values(null, roomId, e, stateGroup, stateGroupBefore, status, rejectedReason);
        Object[] withoutPosition = Arrays.copyOfRange(values, 1, values.length);
        if (rows.dialect() == Dialect.POSTGRES) {
            return rows.addReturning(INSERT_EVENT_NEXT_POSTGRES, taken, withoutPosition);
        }
        rows.add(NEXT_POSITION_SQLITE);
        return rows.addReturning(INSERT_EVENT_NEXT_SQLITE, taken, withoutPosition);
    }

    private static Object[] values(Long position, String roomId, NewEvent e, long stateGroup, long stateGroupBefore,
                                   int status, String rejectedReason) {
        return new Object[] {position, e.eventId(), roomId, e.depth(), e.type(), e.stateKey(), e.sender(),
                e.originServerTs(), e.json(), stateGroup, stateGroupBefore, status, rejectedReason};
    }

    /** The event at this position in the search index, if it has text to search ({@link SearchText}). */
    static void index(StatementPipeline rows, PositionSql position, String roomId, NewEvent e) {
        SearchText.of(e.type(), e.json()).ifPresent(text -> {
            if (rows.dialect() == Dialect.POSTGRES) {
                rows.add(INDEX_POSTGRES + position.sql() + INDEX_POSTGRES_END, position.then(roomId, e.type(), text));
            } else {
                rows.add(INDEX_SQLITE + position.sql() + INDEX_SQLITE_END, position.then(text, roomId, e.type()));
            }
        });
    }

    static void deleteOutlier(StatementPipeline rows, String eventId) {
        rows.add(DELETE_OUTLIER, eventId);
    }

    static void edges(StatementPipeline rows, String eventId, Collection<String> prevEventIds) {
        pairs(rows, INSERT_EDGES, INSERT_EDGES_END, eventId, prevEventIds);
    }

    static void authEdges(StatementPipeline rows, String eventId, Collection<String> authEventIds) {
        pairs(rows, INSERT_AUTH_EDGES, INSERT_AUTH_EDGES_END, eventId, authEventIds);
    }

    /**
     * One row (event, other) for each other event, in one statement for up to {@link #PAIRS} of
     * them (a bound on the parameters): a statement each was most of a send's statements.
     */
    private static void pairs(StatementPipeline rows, String insert, String end, String eventId,
                              Collection<String> others) {
        List<String> all = List.copyOf(others);
        for (int from = 0; from < all.size(); from += PAIRS) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + PAIRS));
            StringBuilder sql = new StringBuilder(insert);
            Object[] params = new Object[chunk.size() * 2];
            int i = 0;
            for (String other : chunk) {
                sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
                params[i++] = eventId;
                params[i++] = other;
            }
            rows.add(sql.append(end).toString(), params);
        }
    }

    /** The event's client transaction. */
    static void transaction(StatementPipeline rows, NewEvent e) {
        rows.add(INSERT_TRANSACTION, e.sender(), e.txn().deviceId(), e.txn().scope(), e.txn().txnId(),
                e.eventId());
    }

    /** The room's forward extremities become these. */
    static void replaceExtremities(StatementPipeline rows, String roomId, Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            rows.add(DELETE_EXTREMITIES, roomId);
        } else {
            rows.add(PUT_EXTREMITIES, roomId, ExtremityList.json(eventIds));
        }
    }
}
