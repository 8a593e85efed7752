package org.hearth.storage.sql.internal;

import org.hearth.api.config.ConfigException;

/**
 * The {@code database:} section of {@code conf/hearth.yaml} (PID {@code hearth.database}).
 *
 * @param user     may be null (SQLite ignores it)
 * @param password may be null (SQLite ignores it)
 */
record DatabaseSettings(String url, String user, String password, int poolSize) {
    static final int DEFAULT_POOL_SIZE = 10;

    /** Reads and checks the section; a wrong value throws a {@link ConfigException} naming {@code database.<key>}. */
    static DatabaseSettings from(DatabaseConfig config) {
        return of(config.url(), config.user(), config.password(), config.pool__size());
    }

    /** Checks the values; {@code url} null is missing. */
    static DatabaseSettings of(String url, String user, String password, int poolSize) {
        if (url == null) {
            throw new ConfigException("database.url: missing; expected a jdbc:sqlite: or jdbc:postgresql:// URL");
        }
        Dialect.of(url); // an unsupported URL fails here, before anything is opened
        if (poolSize < 1 || poolSize > 1000) {
            throw new ConfigException("database.pool_size: " + poolSize + " is out of range, expected 1 to 1000");
        }
        return new DatabaseSettings(url, user, password, poolSize);
    }

    Dialect dialect() {
        return Dialect.of(url);
    }

    /** The URL without its query, which may carry credentials: safe to log. */
    String safeUrl() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + safeUrl() + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
