package org.hearth.storage.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection opened to check the database is the pool's first: one opening, not two. */
class OpenedFirstTest {
    @TempDir
    Path dir;

    @Test
    void thePoolTakesTheOpenedConnectionInsteadOfOpeningAnother() throws SQLException {
        AtomicInteger opened = new AtomicInteger();
        OpenedFirst first = new OpenedFirst(counting(DataSources.forSettings(DatabaseSettings.of(
                "jdbc:sqlite:" + dir.resolve("hearth.db"), null, null, 1)), opened));
        assertEquals(1, opened.get(), "opened when made");
        HikariConfig config = new HikariConfig();
        config.setDataSource(first);
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config); Connection c = pool.getConnection()) {
            first.closeUntaken();
            assertEquals(1, opened.get(), "the pool's first connection is the one opened");
            assertEquals(1, c.createStatement().executeQuery("SELECT 1").getInt(1));
        }
    }

    @Test
    void aDatabaseThatCannotBeOpenedFailsWhenMade() {
        DataSource missing = DataSources.forSettings(DatabaseSettings.of(
                "jdbc:postgresql://127.0.0.1:1/none", "nobody", null, 1));
        assertThrows(SQLException.class, () -> new OpenedFirst(missing));
    }

    /** The real data source, counting the connections it opens. */
    private static DataSource counting(DataSource real, AtomicInteger opened) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        opened.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
