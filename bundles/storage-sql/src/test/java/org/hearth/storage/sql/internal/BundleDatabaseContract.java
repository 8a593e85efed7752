package org.hearth.storage.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.hearth.api.data.BundleDatabase;
import org.hearth.api.data.DataException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link BundleDatabase}: a bundle's own tables, migrated and used; run by {@link StoreSuite} on each database. */
abstract class BundleDatabaseContract {
    private static final ClassLoader LOADER = BundleDatabaseContract.class.getClassLoader();
    private final StoreSuite suite;
    private final BundleDatabase db;

    BundleDatabaseContract(StoreSuite suite) {
        this.suite = suite;
        this.db = new SqlBundleDatabase(suite.database);
    }

    @BeforeEach
    void noBundleTables() throws SQLException {
        for (String table : List.of("widgets_items", "others_items", "gap_first", "gap_third", "failing_good", "failing_bad")) {
            suite.sql("DROP TABLE IF EXISTS " + table);
        }
        suite.sql("DELETE FROM bundle_migrations");
    }

    @Test
    void dialectNamesTheDatabase() {
        assertEquals(suite.database.dialect() == Dialect.SQLITE ? BundleDatabase.SQLITE : BundleDatabase.POSTGRES,
                db.dialect());
    }

    @Test
    void scriptsAreAppliedInOrderAndRecordedOnce() throws SQLException {
        db.migrate("widgets", LOADER, "bundle-migrations");
        db.migrate("widgets", LOADER, "/bundle-migrations/");

        assertEquals(List.of(1, 2), versions("widgets"));
        db.transaction(c -> update(c, "INSERT INTO widgets_items (id, name, colour) VALUES (1, 'cog', 'red')"));
        assertEquals("red", db.read(c -> text(c, "SELECT colour FROM widgets_items WHERE id = 1")));
    }

    @Test
    void ownersAreRecordedApart() throws SQLException {
        db.migrate("widgets", LOADER, "bundle-migrations");
        suite.sql("INSERT INTO bundle_migrations (owner, version, applied_at) VALUES ('others', 1, 0)");

        db.migrate("widgets", LOADER, "bundle-migrations");
        assertEquals(List.of(1, 2), versions("widgets"));
        assertEquals(List.of(1), versions("others"));
    }

    @Test
    void aNewerSchemaIsRefused() throws SQLException {
        db.migrate("widgets", LOADER, "bundle-migrations");
        suite.sql("INSERT INTO bundle_migrations (owner, version, applied_at) VALUES ('widgets', 3, 0)");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> db.migrate("widgets", LOADER, "bundle-migrations"));
        assertEquals("widgets tables version 3 is newer than this Hearth knows (2)", e.getMessage());
    }

    @Test
    void aGapInTheNumbersIsRefusedBeforeAnythingRuns() throws SQLException {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> db.migrate("gap", LOADER, "gap-migrations"));
        assertEquals("gap tables: migration script 003_third should have number 2 (scripts are numbered from 001 "
                + "without gaps)", e.getMessage());
        assertEquals(List.of(), versions("gap"));
    }

    @Test
    void aFailingScriptLeavesNothingOfItself() throws SQLException {
        DataException e = assertThrows(DataException.class, () -> db.migrate("failing", LOADER, "failing-migrations"));
        assertTrue(e.getMessage().startsWith("Migrating the failing tables: the database failed (SQLState"), e.getMessage());

        assertEquals(List.of(1), versions("failing"));
        assertEquals(0L, (long) db.read(c -> count(c, "SELECT COUNT(*) FROM failing_good")));
        assertThrows(DataException.class, () -> db.read(c -> count(c, "SELECT COUNT(*) FROM failing_bad")));
    }

    @Test
    void missingScriptsAndBadOwnersAreRefused() {
        assertEquals("no migration scripts in nowhere/" + db.dialect(), assertThrows(IllegalStateException.class,
                () -> db.migrate("widgets", LOADER, "nowhere")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> db.migrate("Widgets", LOADER, "bundle-migrations"));
        assertThrows(IllegalArgumentException.class, () -> db.migrate("w; DROP TABLE accounts", LOADER, "bundle-migrations"));
    }

    @Test
    void aTransactionThatThrowsWritesNothing() {
        db.migrate("widgets", LOADER, "bundle-migrations");

        IllegalStateException thrown = new IllegalStateException("changed my mind");
        assertEquals(thrown, assertThrows(IllegalStateException.class, () -> db.transaction(c -> {
            update(c, "INSERT INTO widgets_items (id, name) VALUES (1, 'cog')");
            throw thrown;
        })));
        DataException failed = assertThrows(DataException.class, () -> db.transaction(c -> {
            update(c, "INSERT INTO widgets_items (id, name) VALUES (2, 'gear')");
            return update(c, "INSERT INTO widgets_items (id, name) VALUES (2, 'secret-value')");
        }));
        StoreSuite.assertNotInMessages(failed, "secret-value");
        assertEquals(0L, (long) db.read(c -> count(c, "SELECT COUNT(*) FROM widgets_items")));
    }

    private List<Integer> versions(String owner) throws SQLException {
        List<Integer> versions = new ArrayList<>();
        try (Connection c = suite.database.dataSource().getConnection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT version FROM bundle_migrations WHERE owner = ? ORDER BY version")) {
            select.setString(1, owner);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    versions.add(rows.getInt(1));
                }
            }
        }
        assertFalse(versions.contains(0));
        return versions;
    }

    private static int update(Connection c, String sql) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            return statement.executeUpdate();
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
