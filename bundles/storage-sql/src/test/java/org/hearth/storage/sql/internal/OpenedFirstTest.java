package org.hearth.storage.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection opened to check the database is the pool's first: one opening, not two. */
class OpenedFirstTest {
    @TempDir
    Path dir;

    @Test
    void thePoolTakesTheOpenedConnectionInsteadOfOpeningAnother() throws SQLException {
        Counting database = new Counting(DataSources.forSettings(DatabaseSettings.of(
                "jdbc:sqlite:" + dir.resolve("hearth.db"), null, null, 1)));
        OpenedFirst first = new OpenedFirst(database);
        assertEquals(1, database.opened.get(), "opened when made");
        HikariConfig config = new HikariConfig();
        config.setDataSource(first);
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config); Connection c = pool.getConnection()) {
            first.closeUntaken();
            assertEquals(1, database.opened.get(), "the pool's first connection is the one opened");
            assertEquals(1, c.createStatement().executeQuery("SELECT 1").getInt(1));
        }
    }

    @Test
    void aDatabaseThatCannotBeOpenedFailsWhenMade() {
        DataSource missing = DataSources.forSettings(DatabaseSettings.of(
                "jdbc:postgresql://127.0.0.1:1/none", "nobody", null, 1));
        assertThrows(SQLException.class, () -> new OpenedFirst(missing));
    }

    /** A real data source that counts the connections it opens. */
    private static final class Counting implements DataSource {
        final AtomicInteger opened = new AtomicInteger();
        private final DataSource real;

        Counting(DataSource real) {
            this.real = real;
        }

        @Override
        public Connection getConnection() throws SQLException {
            opened.incrementAndGet();
            return real.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            opened.incrementAndGet();
            return real.getConnection(user, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return real.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            real.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            real.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return real.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return real.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return real.isWrapperFor(type);
        }
    }
}
