package org.hearth.storage.sql.internal;

import java.sql.SQLException;
import org.hearth.api.spi.storage.StoreException;

/**
 * Turns a database failure into a {@link StoreException} whose message names the operation and
 * the SQL state, never the values involved (password hashes, token hashes).
 */
final class StoreFailures {
    private StoreFailures() {
    }

    static StoreException of(String operation, Exception failure) {
        SQLException sql = sqlCause(failure);
        if (sql == null) {
            return new StoreException(operation + ": the database failed (" + failure.getClass().getSimpleName() + ")",
                    failure);
        }
        return new StoreException(operation + ": the database failed (SQLState " + sql.getSQLState()
                + ", error code " + sql.getErrorCode() + ")", sql);
    }

    private static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
