package org.hearth.storage.sql.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The store contracts on PostgreSQL at 127.0.0.1:5432 (user postgres, trust authentication), in
 * databases of their own. Without a server the tests are skipped, or fail when
 * {@code HEARTH_REQUIRE_POSTGRES=1}.
 */
class PostgresStoreTest extends StoreSuite {
    private static final String SERVER = "127.0.0.1:5432";
    private final List<String> created = new ArrayList<>();

    @Override
    DatabaseSettings createDatabase() throws SQLException {
        String name = "hearth_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        try (Connection connection = admin().getConnection()) {
            execute(connection, "CREATE DATABASE " + name);
        } catch (SQLException e) {
            if (!"08001".equals(e.getSQLState())) {
                throw e;
            }
            unreachable(e);
        }
        created.add(name);
        return DatabaseSettings.of("jdbc:postgresql://" + SERVER + "/" + name, "postgres", null, DatabaseSettings.DEFAULT_POOL_SIZE);
    }

    @Override
    void dropDatabases() throws SQLException {
        if (created.isEmpty()) {
            return; // the server was not there
        }
        try (Connection connection = admin().getConnection()) {
            for (String name : created) {
                execute(connection, "DROP DATABASE " + name + " WITH (FORCE)");
            }
        }
    }

    private static void unreachable(SQLException e) {
        String message = "PostgreSQL not reachable at " + SERVER + ": PostgreSQL store tests skipped";
        if ("1".equals(System.getenv("HEARTH_REQUIRE_POSTGRES"))) {
            fail("PostgreSQL not reachable at " + SERVER + " and HEARTH_REQUIRE_POSTGRES=1: " + e.getMessage(), e);
        }
        System.err.println(message);
        Assumptions.abort(message);
    }

    private static PGSimpleDataSource admin() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl("jdbc:postgresql://" + SERVER + "/postgres");
        dataSource.setUser("postgres");
        dataSource.setConnectTimeout(2);
        return dataSource;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
