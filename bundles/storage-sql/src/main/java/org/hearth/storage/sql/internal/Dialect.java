package org.hearth.storage.sql.internal;

import java.util.Optional;
import org.hearth.api.config.ConfigException;

/**
 * The two databases Hearth runs on. The {@link #databaseId} selects a mapper statement written
 * for one of them; statements without one serve both.
 */
enum Dialect {
    SQLITE("sqlite", "jdbc:sqlite:", null),
    // A concurrent start-up on the same database waits instead of applying a migration twice.
    POSTGRES("postgres", "jdbc:postgresql://", "LOCK TABLE schema_version IN EXCLUSIVE MODE");

    private final String databaseId;
    private final String urlPrefix;
    private final String migrationLock;

    Dialect(String databaseId, String urlPrefix, String migrationLock) {
        this.databaseId = databaseId;
        this.urlPrefix = urlPrefix;
        this.migrationLock = migrationLock;
    }

    /** The dialect of a JDBC URL; anything else is a configuration error naming {@code database.url}. */
    static Dialect of(String url) {
        for (Dialect dialect : values()) {
            if (url.startsWith(dialect.urlPrefix)) {
                return dialect;
            }
        }
        // Only the scheme is repeated: the rest of a URL may carry a password.
        int colon = url.indexOf(':', url.indexOf(':') + 1);
        String scheme = colon < 0 ? url : url.substring(0, colon + 1) + "…";
        throw new ConfigException("database.url: expected jdbc:sqlite:<file> or jdbc:postgresql://<host>/<database>, found \""
                + scheme + "\"");
    }

    String databaseId() {
        return databaseId;
    }

    /** Where this dialect's migration scripts live among the bundle's resources. */
    String migrationFolder() {
        return "migrations/" + databaseId + "/";
    }

    /** A statement that keeps other servers from migrating at the same time, when the database needs one. */
    Optional<String> migrationLock() {
        return Optional.ofNullable(migrationLock);
    }

    /** SQLite has one writer per file: writes queue in the JVM rather than in its busy handler. */
    boolean singleWriter() {
        return this == SQLITE;
    }
}
