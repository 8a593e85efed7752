package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.Fixtures.hash;
import static org.hearth.storage.sql.internal.Fixtures.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contracts on an SQLite file, plus what only SQLite needs. */
class SqliteStoreTest extends StoreSuite {
    @TempDir
    static Path dir;
    private int files;

    @Override
    DatabaseSettings createDatabase() {
        files++;
        return DatabaseSettings.of("jdbc:sqlite:" + dir.resolve("hearth-" + files + ".db"), null, null, DatabaseSettings.DEFAULT_POOL_SIZE);
    }

    @Override
    void dropDatabases() {
        // the temporary directory goes with the test class
    }

    @Test
    void connectionsAreDurableAndChecked() throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            assertEquals("wal", pragma(connection, "journal_mode"));
            assertEquals("2", pragma(connection, "synchronous"), "FULL");
            assertEquals("1", pragma(connection, "foreign_keys"));
            assertEquals(String.valueOf(DataSources.SQLITE_BUSY_TIMEOUT_MS), pragma(connection, "busy_timeout"));
        }
    }

    @Test
    void theComponentCreatesTheFileAndItsDirectory() {
        Path file = dir.resolve("new/nested/hearth.db");
        new Database(DatabaseSettings.of("jdbc:sqlite:" + file, null, null, DatabaseSettings.DEFAULT_POOL_SIZE)).close();
        assertTrue(Files.isRegularFile(file));
    }

    @Test
    void concurrentLoginsAllSucceed() throws Exception {
        int threads = 8;
        int loginsEach = 25;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Callable<Void>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String prefix = "T" + t + "_";
            work.add(() -> {
                start.await();
                for (int i = 0; i < loginsEach; i++) {
                    devices.createSession(session(ALICE, prefix + i, hash(), hash()));
                    devices.devices(ALICE);
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (Future<Void> result : pool.invokeAll(work)) {
                result.get(); // rethrows a StoreException such as SQLITE_BUSY
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * loginsEach, devices.devices(ALICE).size());
        assertEquals(threads * loginsEach, count("SELECT COUNT(*) FROM refresh_tokens"));
    }

    private static String pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
