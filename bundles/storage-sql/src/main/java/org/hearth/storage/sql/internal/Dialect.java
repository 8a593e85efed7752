package org.hearth.storage.sql.internal;

import java.util.Optional;
import org.hearth.api.config.ConfigException;

/**
 * The two databases Hearth runs on. The {@link #databaseId} selects a mapper statement written
 * for one of them; statements without one serve both.
 */
enum Dialect {
    SQLITE("sqlite", "jdbc:sqlite:", false),
    // A concurrent start-up on the same database waits instead of applying a migration twice.
    POSTGRES("postgres", "jdbc:postgresql://", true);

    private final String databaseId;
    private final String urlPrefix;
    private final boolean locksMigrations;

    Dialect(String databaseId, String urlPrefix, boolean locksMigrations) {
        this.databaseId = databaseId;
        this.urlPrefix = urlPrefix;
        this.locksMigrations = locksMigrations;
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

    /**
     * A statement that keeps other servers from migrating at the same time, when the database
     * needs one: it locks the table that records the versions until the transaction ends.
     */
    Optional<String> migrationLock(String versionTable) {
        return locksMigrations ? Optional.of("LOCK TABLE " + versionTable + " IN EXCLUSIVE MODE") : Optional.empty();
    }

    /**
     * The two ends of {@code column IN (every ID of an IdList)} with the list bound as one
     * parameter: PostgreSQL compares with any element of a text array, SQLite reads the JSON array
     * through {@code json_each}.
     */
    String idListIn() {
        return this == POSTGRES ? "= ANY(" : "IN (SELECT value FROM json_each(";
    }

    String idListEnd() {
        return this == POSTGRES ? ")" : "))";
    }

    /** The function that finds text in text: {@code f(haystack, needle)}, 1-based, 0 when absent. */
    String textPosition() {
        return this == POSTGRES ? "strpos" : "instr";
    }

    /**
     * Whether a migration script goes to the database in one call: PostgreSQL runs the statements
     * of one simple query in turn, in one round trip; SQLite's driver runs only the first.
     */
    boolean multiStatementScripts() {
        return this == POSTGRES;
    }

    /** SQLite has one writer per file: writes queue in the JVM rather than in its busy handler. */
    boolean singleWriter() {
        return this == SQLITE;
    }
}
