package org.hearth.storage.sql.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;

/**
 * Statements of the caller's transaction whose answers nobody waits for, sent together when
 * {@link #send} is called: on PostgreSQL as one prepared query of several statements, which the
 * driver sends in one round trip (a sequential send was twelve round trips of about 0.07 ms
 * each, half of its time in the server); on SQLite, which runs in the process, one after the
 * other. Either way they run in the order added, after every statement run before {@code send}.
 * Parameters are text, numbers, or null (a text NULL).
 */
final class StatementPipeline {
    private final SqlSession session;
    private final Dialect dialect;
    private final List<String> statements = new ArrayList<>();
    private final List<Object[]> parameters = new ArrayList<>();
    private final List<Integer> counted = new ArrayList<>();
    private int[] counts = new int[0];

    StatementPipeline(SqlSession session) {
        this.session = session;
        this.dialect = Dialect.POSTGRES.databaseId().equals(session.getConfiguration().getDatabaseId())
                ? Dialect.POSTGRES : Dialect.SQLITE;
    }

    Dialect dialect() {
        return dialect;
    }

    void add(String sql, Object... params) {
        statements.add(sql);
        parameters.add(params);
    }

    /**
     * Adds a statement whose row count the caller reads after {@link #send} with
     * {@link #rowCount}: this answers the handle to read it with.
     */
    int addCounted(String sql, Object... params) {
        counted.add(statements.size());
        add(sql, params);
        return counted.size() - 1;
    }

    /** The rows the statement of the handle changed, as the last {@link #send} found. */
    int rowCount(int handle) {
        return counts[handle];
    }

    /**
     * Runs the statements added since the last call.
     *
     * @return the first column of the first row a statement returned (a {@code RETURNING}), or -1
     */
    long send() {
        if (statements.isEmpty()) {
            return -1;
        }
        int[] updates = new int[statements.size()];
        try {
            long returned = dialect == Dialect.POSTGRES ? runTogether(updates) : runEach(updates);
            counts = counted.stream().mapToInt(i -> updates[i]).toArray();
            return returned;
        } catch (SQLException e) {
            throw new PersistenceException(e);
        } finally {
            statements.clear();
            parameters.clear();
            counted.clear();
        }
    }

    private long runTogether(int[] updates) throws SQLException {
        // The driver splits the text at the semicolons and sends every statement before one Sync.
        try (PreparedStatement statement = session.getConnection().prepareStatement(String.join(";\n", statements))) {
            int index = 1;
            for (Object[] params : parameters) {
                for (Object param : params) {
                    bind(statement, index++, param);
                }
            }
            return answers(statement, statement.execute(), updates, 0);
        }
    }

    private long runEach(int[] updates) throws SQLException {
        long returned = -1;
        for (int i = 0; i < statements.size(); i++) {
            try (PreparedStatement statement = session.getConnection().prepareStatement(statements.get(i))) {
                Object[] params = parameters.get(i);
                for (int p = 0; p < params.length; p++) {
                    bind(statement, p + 1, params[p]);
                }
                long answer = answers(statement, statement.execute(), updates, i);
                returned = returned == -1 ? answer : returned;
            }
        }
        return returned;
    }

    /**
     * Reads every result of the statement, one per statement it holds (an error of a later one
     * surfaces here): their row counts into {@code updates} from {@code first} on; answers the
     * first number returned.
     */
    private static long answers(PreparedStatement statement, boolean isResultSet, int[] updates, int first)
            throws SQLException {
        long returned = -1;
        int index = first;
        while (true) {
            int updated = isResultSet ? -1 : statement.getUpdateCount();
            if (!isResultSet && updated == -1) {
                return returned;
            }
            if (isResultSet) {
                try (ResultSet rows = statement.getResultSet()) {
                    if (returned == -1 && rows.next()) {
                        returned = rows.getLong(1);
                    }
                }
            }
            if (index < updates.length) {
                updates[index++] = Math.max(updated, 0);
            }
            isResultSet = statement.getMoreResults();
        }
    }

    private static void bind(PreparedStatement statement, int index, Object param) throws SQLException {
        if (param == null) {
            statement.setNull(index, Types.VARCHAR);
        } else if (param instanceof String text) {
            statement.setString(index, text);
        } else if (param instanceof Long number) {
            statement.setLong(index, number);
        } else if (param instanceof Integer number) {
            statement.setInt(index, number);
        } else {
            throw new IllegalArgumentException("unsupported parameter type " + param.getClass().getName());
        }
    }
}
