package org.hearth.storage.sql.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.hearth.api.spi.storage.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbered schema migrations: script N is {@code migrations/<dialect>/<SCRIPTS[N-1]>.sql}. Each
 * is applied in its own transaction together with its row in {@code schema_version}.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    /** In order; listed here because a bundle cannot reliably list its own resources. */
    private static final List<String> SCRIPTS = List.of("001_accounts", "002_external_ids", "003_rooms", "004_stream_cursors",
            "005_txn_scope_state_history", "006_e2ee");

    private static final String VERSION_TABLE =
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)";

    private Migrations() {
    }

    /** The newest schema version this Hearth knows. */
    static int latest() {
        return SCRIPTS.size();
    }

    /**
     * Brings the schema to {@link #latest()}.
     *
     * @throws IllegalStateException when the database has a newer schema than this Hearth knows
     * @throws StoreException when a migration fails; it left nothing behind
     */
    static void apply(DataSource dataSource, Dialect dialect) {
        apply(dataSource, dialect, latest());
    }

    /** Brings the schema up to {@code version}, no further: the tests build an older database with it. */
    static void apply(DataSource dataSource, Dialect dialect, int version) {
        try (Connection connection = dataSource.getConnection()) {
            execute(connection, VERSION_TABLE);
            connection.setAutoCommit(false);
            try {
                while (step(connection, dialect, version)) {
                    // one migration per transaction
                }
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw StoreFailures.of("Migrating the database schema", e);
        }
    }

    /** Applies the next migration up to {@code target}, if any; false when the schema has reached it. */
    private static boolean step(Connection connection, Dialect dialect, int target) throws SQLException {
        Optional<String> lock = dialect.migrationLock();
        if (lock.isPresent()) {
            execute(connection, lock.get());
        }
        int current = currentVersion(connection);
        if (current > latest()) {
            throw new IllegalStateException("database schema version " + current
                    + " is newer than this Hearth knows (" + latest() + ")");
        }
        if (current >= target) {
            connection.commit();
            return false;
        }
        int next = current + 1;
        String script = SCRIPTS.get(next - 1);
        for (String statement : statements(dialect.migrationFolder() + script + ".sql")) {
            execute(connection, statement);
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
            insert.setInt(1, next);
            insert.setLong(2, System.currentTimeMillis());
            insert.executeUpdate();
        }
        connection.commit();
        LOG.info("Database schema migrated to version {} ({})", next, script);
        return true;
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** A script holds statements ended by ';' (never inside one) and whole-line "--" comments. */
    private static List<String> statements(String resource) {
        String text;
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration script " + resource + " is missing from the bundle");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration script " + resource, e);
        }
        StringBuilder code = new StringBuilder();
        text.lines().filter(line -> !line.strip().startsWith("--")).forEach(line -> code.append(line).append('\n'));
        List<String> statements = new ArrayList<>();
        for (String statement : code.toString().split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
