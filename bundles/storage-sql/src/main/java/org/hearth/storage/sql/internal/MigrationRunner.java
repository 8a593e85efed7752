package org.hearth.storage.sql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies numbered scripts to one line of migrations (core's schema, a bundle's tables): each in
 * its own transaction together with its row in the {@link MigrationLedger}; a database that
 * records a version newer than the scripts is refused.
 */
final class MigrationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);

    private final Dialect dialect;
    private final MigrationLedger ledger;
    /** Script N is at index N-1. */
    private final List<MigrationScript> scripts;

    MigrationRunner(Dialect dialect, MigrationLedger ledger, List<MigrationScript> scripts) {
        for (int i = 0; i < scripts.size(); i++) {
            if (scripts.get(i).version() != i + 1) {
                throw new IllegalStateException(ledger.subject() + ": migration script " + scripts.get(i).name()
                        + " should have number " + (i + 1) + " (scripts are numbered from 001 without gaps)");
            }
        }
        this.dialect = dialect;
        this.ledger = ledger;
        this.scripts = List.copyOf(scripts);
    }

    int latest() {
        return scripts.size();
    }

    /**
     * Brings the tables up to {@code target}, no further.
     *
     * @throws IllegalStateException when the database records a newer version than the scripts
     * @throws SQLException when a migration fails; it left nothing behind
     */
    void apply(DataSource dataSource, int target) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                while (step(connection, target)) {
                    // one migration per transaction
                }
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** Applies the next migration up to {@code target}, if any; false when the tables have reached it. */
    private boolean step(Connection connection, int target) throws SQLException {
        Optional<String> lock = dialect.migrationLock(ledger.table());
        if (lock.isPresent()) {
            execute(connection, lock.get());
        }
        int current = ledger.current(connection);
        if (current > latest()) {
            throw new IllegalStateException(ledger.subject() + " version " + current
                    + " is newer than this Hearth knows (" + latest() + ")");
        }
        if (current >= target) {
            connection.commit();
            return false;
        }
        MigrationScript script = scripts.get(current);
        if (dialect.multiStatementScripts()) {
            execute(connection, String.join(";\n", script.statements()));
        } else {
            for (String statement : script.statements()) {
                execute(connection, statement);
            }
        }
        ledger.record(connection, script.version(), System.currentTimeMillis());
        connection.commit();
        LOG.info("{} migrated to version {} ({})", capitalised(ledger.subject()), script.version(), script.name());
        return true;
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
