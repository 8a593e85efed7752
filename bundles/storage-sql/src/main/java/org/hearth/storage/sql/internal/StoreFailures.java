package org.hearth.storage.sql.internal;

import java.sql.SQLException;
import org.hearth.api.data.DataException;
import org.hearth.api.spi.storage.StoreException;

/**
 * Turns a database failure into an exception whose message names the operation and the SQL
 * state, never the values involved (password hashes, token hashes): a {@link StoreException}
 * for core's stores, a {@link DataException} for a bundle's own tables.
 */
final class StoreFailures {
    private StoreFailures() {
    }

    static StoreException of(String operation, Exception failure) {
        return new StoreException(describe(operation, failure), cause(failure));
    }

    static DataException data(String operation, Exception failure) {
        return new DataException(describe(operation, failure), cause(failure));
    }

    private static String describe(String operation, Exception failure) {
        SQLException sql = sqlCause(failure);
        if (sql == null) {
            return operation + ": the database failed (" + failure.getClass().getSimpleName() + ")";
        }
        return operation + ": the database failed (SQLState " + sql.getSQLState() + ", error code " + sql.getErrorCode() + ")";
    }

    private static Throwable cause(Exception failure) {
        SQLException sql = sqlCause(failure);
        return sql == null ? failure : sql;
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
