package org.hearth.api.data;

/**
 * The database failed (unreachable, full, a constraint broken); the failed transaction wrote
 * nothing. The message names the operation and the SQL state, never the values involved.
 */
public class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
