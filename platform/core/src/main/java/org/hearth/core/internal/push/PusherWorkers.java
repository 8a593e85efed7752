package org.hearth.core.internal.push;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.hearth.core.internal.util.DaemonThreads;

/**
 * Runs the pushers' deliveries on a bounded pool of threads, at most one task per pusher at a
 * time, so that each pusher's notifications go out in order and a slow gateway holds up one
 * thread, never the others' pushers (until as many gateways hang as there are threads).
 *
 * <p>Nothing is queued per notification: a pusher is only marked as woken, and its task reads
 * what it owes from the database ({@link PusherSender}). The pool's queue holds at most one task
 * per pusher. A pusher backing off holds no thread: a timer wakes it when its back-off ends.
 */
final class PusherWorkers {
    /** A pusher: its user, app ID and push key. */
    record Key(String userId, String appId, String pushkey) {}

    /** One pusher's run. */
    interface Run {
        /** @return {@link #DONE}, {@link #MORE}, {@link #GONE} or the milliseconds to wait before the next run */
        long run(Key key, boolean badge) throws InterruptedException;
    }

    /** Caught up: run again when woken. */
    static final long DONE = 0;
    /** More to do: run again after the pushers queued meanwhile had their turn. */
    static final long MORE = -1;
    /** The pusher no longer exists. */
    static final long GONE = -2;
    /** How long a pusher whose run failed unexpectedly (the database away) waits. */
    private static final long ERROR_WAIT_MS = 5_000;
    private static final long STOP_WAIT_MS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(PusherWorkers.class);

    private final Run run;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;
    private final Map<Key, Slot> slots = new ConcurrentHashMap<>();

    /** A pusher's scheduling state. */
    private static final class Slot {
        /** A task of the pusher is in the pool's queue or running. */
        final AtomicBoolean queued = new AtomicBoolean();
        /** A timer will wake the pusher. */
        final AtomicBoolean timed = new AtomicBoolean();
        /** Woken since its task last started: it runs again. */
        volatile boolean woken;
        /** The user's unread count may have changed. */
        volatile boolean badge;
    }

    PusherWorkers(Run run, int threads) {
        this.run = run;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "hearth-push-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("hearth-push-timer"));
    }

    /** The pusher has something new to deliver (or, with {@code badge}, its user's unread count changed). */
    void wake(Key key, boolean badge) {
        Slot slot = slots.computeIfAbsent(key, k -> new Slot());
        if (badge) {
            slot.badge = true;
        }
        slot.woken = true;
        if (slot.queued.compareAndSet(false, true)) {
            submit(key, slot);
        }
    }

    /** Runs {@code task} on the pool (work to do before waking pushers, off the caller's thread). */
    void execute(Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException stopping) {
            // deactivated meanwhile: the positions are stored, the next start goes on from them
        }
    }

    /** Interrupts the runs in progress (their pushers' positions stay where the last delivery left them) and waits for them. */
    void stop() {
        timer.shutdownNow();
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(STOP_WAIT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("Push deliveries still running {} s after stopping", STOP_WAIT_MS / 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void submit(Key key, Slot slot) {
        try {
            pool.execute(() -> runOnce(key, slot));
        } catch (RejectedExecutionException stopping) {
            slot.queued.set(false);
        }
    }

    private void runOnce(Key key, Slot slot) {
        slot.woken = false;
        boolean badge = slot.badge;
        slot.badge = false;
        long next;
        try {
            next = run.run(key, badge);
        } catch (InterruptedException e) {
            return; // stopping
        } catch (RuntimeException e) {
            LOG.warn("Push delivery to {} of {} failed; trying again in {} ms", key.appId(), key.userId(), ERROR_WAIT_MS, e);
            next = ERROR_WAIT_MS;
        }
        if (next == GONE) {
            slots.remove(key, slot);
            slot.queued.set(false);
            return;
        }
        if (next != DONE) {
            slot.badge |= badge; // not sent yet: after the notifications, or once the back-off ends
        }
        if (next == MORE) {
            submit(key, slot); // to the back of the queue: the other pushers get their turn
            return;
        }
        if (next > 0 && slot.timed.compareAndSet(false, true)) {
            try {
                timer.schedule(() -> {
                    slot.timed.set(false);
                    wake(key, false);
                }, next, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                slot.timed.set(false);
            }
        }
        slot.queued.set(false);
        // Woken while running: whatever woke it may not have been seen by this run.
        if (next == DONE && slot.woken && slot.queued.compareAndSet(false, true)) {
            submit(key, slot);
        }
    }
}
