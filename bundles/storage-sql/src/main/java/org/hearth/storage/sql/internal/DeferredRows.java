package org.hearth.storage.sql.internal;

import org.apache.ibatis.session.SqlSession;

/**
 * Rows of the thread's transaction on PostgreSQL that wait to go with whatever the transaction
 * sends next: a MyBatis statement ({@link DeferredRowsFirst}), another {@link StatementPipeline},
 * or its commit, which then travels in the same round trip ({@link Database#transaction}). The
 * rows of stored events wait so: the events of one group commit ({@link GroupCommit}) reach the
 * database in one round trip together with their COMMIT, where each took a round trip of its own
 * and the commit one more. A result that is read earlier ({@link StatementPipeline.Result#get})
 * sends them at once.
 */
final class DeferredRows {
    private static final ThreadLocal<StatementPipeline> OPEN = new ThreadLocal<>();

    private DeferredRows() {
    }

    /** While the transaction runs on this thread; closing the scope forgets what was not sent. */
    record Scope(StatementPipeline previous) implements AutoCloseable {
        @Override
        public void close() {
            if (previous == null) {
                OPEN.remove();
            } else {
                OPEN.set(previous);
            }
        }
    }

    static Scope open(SqlSession transaction) {
        Scope scope = new Scope(OPEN.get());
        OPEN.set(new StatementPipeline(transaction));
        return scope;
    }

    /** The rows of this transaction that may wait, or null when it has none (SQLite, or a read). */
    static StatementPipeline of(SqlSession transaction) {
        StatementPipeline open = OPEN.get();
        return open != null && open.session() == transaction ? open : null;
    }

    /** Sends what waits, before a statement of the transaction that must follow it. */
    static void send() {
        sendBefore(null);
    }

    /** {@link #send}, unless {@code sending} is what waits. */
    static void sendBefore(StatementPipeline sending) {
        StatementPipeline open = OPEN.get();
        if (open != null && open != sending && !open.isEmpty()) {
            open.send();
        }
    }

    /**
     * Sends what waits followed by COMMIT, in one round trip; nothing when nothing waits (the
     * caller commits). An error of any row aborts the transaction: nothing of it commits.
     */
    static void sendWithCommit() {
        StatementPipeline open = OPEN.get();
        if (open != null && !open.isEmpty()) {
            open.add("COMMIT");
            open.send();
        }
    }
}
