package org.hearth.storage.sql.internal;

import java.sql.SQLException;
import java.util.Optional;
import org.hearth.api.spi.storage.NameTakenException;
import org.hearth.api.spi.storage.StoreException;
import org.hearth.api.spi.storage.WriteBatch;

/**
 * A write that failed because its client transaction was taken already: the row of
 * {@code event_transactions} of that device and transaction ID exists, so its insert broke the
 * table's key (PostgreSQL's SQLState 23505, SQLite's SQLITE_CONSTRAINT) and the whole
 * transaction rolled back. The client retried a request whose event is stored.
 */
final class TakenTransactions {
    private static final String UNIQUE_VIOLATION = "23505";
    /** The primary result code; the driver may give an extended one (SQLITE_CONSTRAINT_PRIMARYKEY). */
    private static final int SQLITE_CONSTRAINT = 19;

    private TakenTransactions() {
    }

    /** The batch's transaction as taken, when that is why it failed. */
    static Optional<NameTakenException> of(WriteBatch batch, StoreException failure) {
        if (!brokeTransactionKey(failure)) {
            return Optional.empty();
        }
        return batch.events().stream().map(a -> a.event().txn()).filter(t -> t != null).findFirst()
                .map(txn -> new NameTakenException(NameTakenException.Kind.TRANSACTION, txn.txnId()));
    }

    private static boolean brokeTransactionKey(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (UNIQUE_VIOLATION.equals(sql.getSQLState())
                    || (sql.getErrorCode() & 0xff) == SQLITE_CONSTRAINT)
                    && String.valueOf(sql.getMessage()).contains(EventRows.TRANSACTIONS)) {
                return true;
            }
        }
        return false;
    }
}
