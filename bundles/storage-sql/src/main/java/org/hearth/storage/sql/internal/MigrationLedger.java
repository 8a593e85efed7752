package org.hearth.storage.sql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Where the applied versions of one line of migrations are recorded: core's schema in
 * {@code schema_version}, each bundle's tables in {@code bundle_migrations} under its owner name.
 *
 * @param subject how messages name what is migrated ("database schema", "media tables")
 * @param table   the table that records the versions
 * @param owner   the owner column's value, or null for a table without one
 */
record MigrationLedger(String subject, String table, String owner) {

    /** Core's schema; its table is created before the first migration runs. */
    static MigrationLedger core() {
        return new MigrationLedger("database schema", "schema_version", null);
    }

    /** A bundle's own tables ({@code bundle_migrations} is created by core's migration 007). */
    static MigrationLedger bundle(String owner) {
        return new MigrationLedger(owner + " tables", "bundle_migrations", owner);
    }

    int current(Connection connection) throws SQLException {
        String where = owner == null ? "" : " WHERE owner = ?";
        try (PreparedStatement select = connection.prepareStatement("SELECT MAX(version) FROM " + table + where)) {
            if (owner != null) {
                select.setString(1, owner);
            }
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    void record(Connection connection, int version, long now) throws SQLException {
        String sql = owner == null
                ? "INSERT INTO " + table + " (version, applied_at) VALUES (?, ?)"
                : "INSERT INTO " + table + " (version, applied_at, owner) VALUES (?, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setInt(1, version);
            insert.setLong(2, now);
            if (owner != null) {
                insert.setString(3, owner);
            }
            insert.executeUpdate();
        }
    }
}
