package org.hearth.api.spi.storage;

/** The database failed (unreachable, full, broken); nothing of the failed call was written. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
