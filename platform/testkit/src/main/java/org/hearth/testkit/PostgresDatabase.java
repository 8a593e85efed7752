package org.hearth.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh PostgreSQL database for one test class on the team's server (127.0.0.1:5432, user
 * postgres, trust authentication), dropped afterwards.
 *
 * <p>Without a reachable server the class is skipped with one line saying so; with the
 * environment variable {@code HEARTH_REQUIRE_POSTGRES=1} (set by CI) it fails instead.
 *
 * <pre>{@code
 * @RegisterExtension @Order(1) static PostgresDatabase db = new PostgresDatabase();
 * @RegisterExtension @Order(2) static HearthServer server = HearthServer.with(c -> c.database(db));
 * }</pre>
 * The server's settings are read when it starts, after the database exists.
 */
public final class PostgresDatabase implements BeforeAllCallback, AfterAllCallback {
    public static final String HOST = System.getProperty("hearth.test.postgres", "127.0.0.1:5432");
    private static final String ADMIN_URL = "jdbc:postgresql://" + HOST + "/postgres";
    private static final String USER = "postgres";

    private final String name = "hearth_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
            .toLowerCase(Locale.ROOT);
    private boolean created;

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            String message = "PostgreSQL not reachable at " + HOST + " (" + e.getMessage()
                    + "): PostgreSQL tests skipped";
            if ("1".equals(System.getenv("HEARTH_REQUIRE_POSTGRES"))) {
                throw new SQLException(message.replace("tests skipped", "required by HEARTH_REQUIRE_POSTGRES=1"), e);
            }
            System.out.println(message);
            Assumptions.abort(message);
        }
        created = true;
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        if (!created) {
            return;
        }
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    /** The JDBC URL of this class's database. */
    public String url() {
        return "jdbc:postgresql://" + HOST + "/" + name;
    }

    public String user() {
        return USER;
    }
}
