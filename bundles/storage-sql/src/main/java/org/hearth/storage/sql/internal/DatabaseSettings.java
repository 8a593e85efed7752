package org.hearth.storage.sql.internal;

import java.util.Map;
import org.hearth.api.config.ConfigException;
import org.hearth.api.config.Settings;

/**
 * The {@code database:} section of {@code conf/hearth.yaml} (PID {@code hearth.database}).
 *
 * @param user     may be null (SQLite ignores it)
 * @param password may be null (SQLite ignores it)
 */
record DatabaseSettings(String url, String user, String password, int poolSize) {
    static final int DEFAULT_POOL_SIZE = 10;

    /** Reads and checks the section; a wrong value throws a {@link ConfigException} naming {@code database.<key>}. */
    static DatabaseSettings from(Map<String, ?> properties) {
        Settings settings = new Settings("database", properties);
        String url = settings.string("url")
                .orElseThrow(() -> new ConfigException("database.url: missing; expected a jdbc:sqlite: or jdbc:postgresql:// URL"));
        Dialect.of(url); // an unsupported URL fails here, before anything is opened
        return new DatabaseSettings(url, settings.string("user").orElse(null), settings.string("password").orElse(null),
                (int) settings.number("pool_size", DEFAULT_POOL_SIZE, 1, 1000));
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
