package org.hearth.storage.sql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;

/**
 * Group commit: writes queued by many threads (events of many rooms and senders) share one
 * transaction, so one commit (one fsync) acknowledges them all. Durability is unchanged: a
 * writer's {@link #run} returns only after the transaction holding its work committed.
 *
 * <p>A writer that finds no commit running commits alone on its own thread: a lone writer pays
 * no hand-off between threads. Otherwise it queues, and one committer thread takes whatever is
 * queued when the running commit ends, up to {@link #MAX_GROUP} writes, without waiting for more:
 * under load the group grows by itself while the previous commit runs. The two never commit at
 * the same time ({@code committing}), which is also what lets writers see that a commit runs. When the group's transaction fails, each of its
 * writes runs again in a transaction of its own, so one write's failure (a room ID or alias
 * taken, a constraint) is that write's answer only. The works must therefore be plain database
 * work that can run twice: everything they did the first time was rolled back.
 */
final class GroupCommit implements AutoCloseable {
    /** The most writes one transaction holds: bounds the statements a failed group repeats. */
    static final int MAX_GROUP = 64;

    private final Database database;
    private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    /** Held by whoever commits: the committer thread for a group, or a lone writer for its write. */
    private final ReentrantLock committing = new ReentrantLock();
    private final Thread committer;
    private volatile boolean closed;

    /** A queued write and the writer waiting for its outcome. */
    private record Pending<T>(String operation, Function<SqlSession, T> work, CompletableFuture<T> done) {
        void runAlone(Database database) {
            try {
                done.complete(database.transaction(operation, work));
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }
    }

    GroupCommit(Database database) {
        this.database = database;
        this.committer = new Thread(this::commitLoop, "hearth-group-commit");
        committer.setDaemon(true);
        committer.start();
    }

    /** Runs the work in the next group's transaction and answers once that committed. */
    <T> T run(String operation, Function<SqlSession, T> work) {
        if (closed) {
            throw new IllegalStateException(operation + ": the database is closed");
        }
        Pending<T> pending = new Pending<>(operation, work, new CompletableFuture<>());
        if (queue.isEmpty() && committing.tryLock()) {
            try {
                pending.runAlone(database);
            } finally {
                committing.unlock();
            }
        } else {
            queue.add(pending);
        }
        try {
            return pending.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // The write may still commit; the caller only stops waiting for it, as with a lost connection.
            throw new IllegalStateException(operation + ": interrupted waiting for the commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void commitLoop() {
        List<Pending<?>> group = new ArrayList<>();
        while (!closed) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            committing.lock();
            try {
                queue.drainTo(group, MAX_GROUP - 1);
                commit(group);
            } finally {
                committing.unlock();
            }
            group.clear();
        }
        failQueued();
    }

    private void commit(List<Pending<?>> group) {
        if (group.size() == 1) {
            group.get(0).runAlone(database);
            return;
        }
        List<Object> results;
        try {
            results = database.transaction("group commit", session -> {
                List<Object> all = new ArrayList<>(group.size());
                for (Pending<?> p : group) {
                    all.add(p.work().apply(session));
                }
                return all;
            });
        } catch (RuntimeException | Error groupFailed) {
            for (Pending<?> p : group) {
                p.runAlone(database);
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            complete(group.get(i), results.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> pending, Object result) {
        pending.done().complete((T) result);
    }

    private void failQueued() {
        List<Pending<?>> left = new ArrayList<>();
        queue.drainTo(left);
        for (Pending<?> p : left) {
            p.done().completeExceptionally(new IllegalStateException(p.operation() + ": the database is closed"));
        }
    }

    /** Stops after the group being committed; writes still queued fail. */
    @Override
    public void close() {
        closed = true;
        committer.interrupt();
        try {
            committer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failQueued();
    }
}
