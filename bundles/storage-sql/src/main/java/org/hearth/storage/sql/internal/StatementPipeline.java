package org.hearth.storage.sql.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;

/**
 * Statements of the caller's transaction whose answers nobody waits for, sent together when
 * {@link #send} is called: on PostgreSQL as one prepared query of several statements, which the
 * driver sends in one round trip (a sequential send was twelve round trips of about 0.07 ms
 * each, half of its time in the server); on SQLite, which runs in the process, one after the
 * other. Either way they run in the order added, after every statement run before {@code send}.
 * Parameters are text, numbers, or null (a text NULL). What a statement answers is read through
 * its {@link Result}, once sent.
 */
final class StatementPipeline {
    private final SqlSession session;
    private final Dialect dialect;
    private final List<String> statements = new ArrayList<>();
    private final List<Object[]> parameters = new ArrayList<>();
    /** By the index of their statement among those not sent yet. */
    private final Map<Integer, Result> results = new HashMap<>();

    /** What one statement answered: the rows it changed, or the first column of its first row. */
    static final class Result {
        private static final long UNSET = Long.MIN_VALUE;
        private final StatementPipeline pipeline;
        private final LongConsumer then;
        private long value = UNSET;

        private Result(StatementPipeline pipeline, LongConsumer then) {
            this.pipeline = pipeline;
            this.then = then;
        }

        /** A number known already. */
        static Result of(long known) {
            Result result = new Result(null, answer -> { });
            result.value = known;
            return result;
        }

        /** The answer, sending the pipeline first if it was not sent yet. */
        long get() {
            if (value == UNSET) {
                pipeline.send();
            }
            if (value == UNSET) {
                throw new IllegalStateException("the statement answered nothing");
            }
            return value;
        }

        private void set(long answer) {
            value = answer;
            then.accept(answer);
        }
    }

    StatementPipeline(SqlSession session) {
        this.session = session;
        this.dialect = Dialect.POSTGRES.databaseId().equals(session.getConfiguration().getDatabaseId())
                ? Dialect.POSTGRES : Dialect.SQLITE;
    }

    SqlSession session() {
        return session;
    }

    Dialect dialect() {
        return dialect;
    }

    boolean isEmpty() {
        return statements.isEmpty();
    }

    void add(String sql, Object... params) {
        statements.add(sql);
        parameters.add(params);
    }

    /** Adds a statement whose row count the caller reads after {@link #send}. */
    Result addCounted(String sql, Object... params) {
        return addAnswering(sql, answer -> { }, params);
    }

    /**
     * Adds a statement that returns a number ({@code RETURNING}); {@code then} gets it as soon as
     * it arrives, still inside the transaction.
     */
    Result addReturning(String sql, LongConsumer then, Object... params) {
        return addAnswering(sql, then, params);
    }

    private Result addAnswering(String sql, LongConsumer then, Object... params) {
        Result result = new Result(this, then);
        results.put(statements.size(), result);
        add(sql, params);
        return result;
    }

    /** Runs the statements added since the last call; rows of the transaction's {@link DeferredRows} go first. */
    void send() {
        if (statements.isEmpty()) {
            return;
        }
        DeferredRows.sendBefore(this);
        long[] answers = new long[statements.size()];
        try {
            if (dialect == Dialect.POSTGRES) {
                runTogether(answers);
            } else {
                runEach(answers);
            }
            Map<Integer, Result> answered = Map.copyOf(results);
            clear();
            answered.forEach((index, result) -> result.set(answers[index]));
        } catch (SQLException e) {
            clear();
            throw new PersistenceException(e);
        } catch (RuntimeException e) {
            clear();
            throw e;
        }
    }

    private void clear() {
        statements.clear();
        parameters.clear();
        results.clear();
    }

    private void runTogether(long[] answers) throws SQLException {
        // The driver splits the text at the semicolons and sends every statement before one Sync.
        try (PreparedStatement statement = session.getConnection().prepareStatement(String.join(";\n", statements))) {
            int index = 1;
            for (Object[] params : parameters) {
                for (Object param : params) {
                    bind(statement, index++, param);
                }
            }
            answers(statement, statement.execute(), answers, 0);
        }
    }

    private void runEach(long[] answers) throws SQLException {
        for (int i = 0; i < statements.size(); i++) {
            try (PreparedStatement statement = session.getConnection().prepareStatement(statements.get(i))) {
                Object[] params = parameters.get(i);
                for (int p = 0; p < params.length; p++) {
                    bind(statement, p + 1, params[p]);
                }
                answers(statement, statement.execute(), answers, i);
            }
        }
    }

    /**
     * Reads every result of the statement, one per statement it holds (an error of a later one
     * surfaces here), into {@code answers} from {@code first} on: the first column of a result's
     * first row, else the rows it changed.
     */
    private static void answers(PreparedStatement statement, boolean isResultSet, long[] answers, int first)
            throws SQLException {
        int index = first;
        while (true) {
            int updated = isResultSet ? -1 : statement.getUpdateCount();
            if (!isResultSet && updated == -1) {
                return;
            }
            long answer = Math.max(updated, 0);
            if (isResultSet) {
                try (ResultSet rows = statement.getResultSet()) {
                    answer = rows.next() ? rows.getLong(1) : -1;
                }
            }
            if (index < answers.length) {
                answers[index++] = answer;
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
