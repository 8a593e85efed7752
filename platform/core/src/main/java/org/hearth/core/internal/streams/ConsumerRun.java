package org.hearth.core.internal.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.hearth.api.event.EventStreamConsumer;
import org.hearth.api.event.RoomEvent;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.event.RoomEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's delivery loop, on a thread of its own: read a batch after the cursor, hand it
 * over, move the cursor past it; wait for news when there is none. Memory is one batch,
 * whatever the consumer's lag. The cursor is stored at most every {@link #SAVE_EVERY_MS} and when
 * the loop stops, not after every batch: one message at a time, that was a commit (an fsync) per
 * message besides the message's own. A crash can so deliver again what was acknowledged in the
 * last {@link #SAVE_EVERY_MS} before it, which consumers allow for (see {@link EventStreamConsumer}).
 */
final class ConsumerRun {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerRun.class);
    private static final long IDLE_POLL_MS = 1_000;
    private static final long FIRST_BACKOFF_MS = 1_000;
    private static final long MAX_BACKOFF_MS = 60_000;
    private static final long STOP_WAIT_MS = 30_000;
    static final long SAVE_EVERY_MS = 500;

    private final String name;
    private final EventStreamConsumer consumer;
    private final int batchSize;
    private final boolean fromBeginning;
    private final int lingerMs;
    private final EventStreams streams;
    private final Semaphore news = new Semaphore(0);
    private volatile boolean stopped;
    private volatile boolean failing;
    /** Past what the consumer acknowledged: the cursor, stored or not yet. */
    private volatile long acknowledged = -1;
    private Thread thread;

    ConsumerRun(String name, EventStreamConsumer consumer, int batchSize, boolean fromBeginning, int lingerMs,
                EventStreams streams) {
        this.lingerMs = lingerMs;
        this.name = name;
        this.consumer = consumer;
        this.batchSize = batchSize;
        this.fromBeginning = fromBeginning;
        this.streams = streams;
    }

    EventStreamConsumer consumer() {
        return consumer;
    }

    boolean failing() {
        return failing;
    }

    /** The position the consumer acknowledged, stored or about to be; -1 before the loop read its cursor. */
    long acknowledged() {
        return acknowledged;
    }

    synchronized void start() {
        if (thread == null && !stopped) {
            thread = new Thread(this::run, "hearth-stream-" + name);
            thread.setDaemon(true);
            thread.start();
        }
    }

    void wake() {
        if (news.availablePermits() == 0) {
            news.release();
        }
    }

    /** Stops the loop and waits until the consumer is no longer being called (a batch in hand finishes). */
    void stop() {
        Thread t;
        synchronized (this) {
            stopped = true;
            t = thread;
        }
        news.release();
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(STOP_WAIT_MS);
            if (t.isAlive()) {
                LOG.warn("Event stream consumer {} did not finish its batch within {} s", name, STOP_WAIT_MS / 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            long cursor = initialCursor();
            acknowledged = cursor;
            long saved = cursor;
            long savedAt = System.nanoTime();
            LOG.info("Event stream consumer {} reading after position {}", name, cursor);
            long backoff = FIRST_BACKOFF_MS;
            boolean caughtUp = false;
            try {
                while (!stopped) {
                    List<StoredEvent> stored;
                    try {
                        // Caught up with every position announced: wait for news rather than ask
                        // the database for nothing (one read per event and consumer otherwise).
                        stored = caughtUp ? List.of() : streams.events.streamEvents(cursor, Long.MAX_VALUE, batchSize);
                        caughtUp = false;
                    } catch (RuntimeException e) {
                        // The database is away for a while: the cursor stays where the last batch left it.
                        LOG.warn("Event stream consumer {} cannot read the stream after {}: {}; retrying in {} ms", name,
                                cursor, e.toString(), backoff);
                        sleep(backoff);
                        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                        continue;
                    }
                    long sinceSave = (System.nanoTime() - savedAt) / 1_000_000;
                    if (saved != cursor && sinceSave >= SAVE_EVERY_MS) {
                        saveCursor(cursor);
                        saved = cursor;
                        savedAt = System.nanoTime();
                        sinceSave = 0;
                    }
                    if (stored.isEmpty()) {
                        // Woken by news, or when an unstored cursor is due to be stored.
                        long wait = saved != cursor ? Math.max(1, SAVE_EVERY_MS - sinceSave) : IDLE_POLL_MS;
                        if (news.tryAcquire(wait, TimeUnit.MILLISECONDS) && lingerMs > 0 && !stopped) {
                            Thread.sleep(lingerMs); // let more news gather: one read for all
                        }
                        news.drainPermits();
                        continue;
                    }
                    List<RoomEvent> batch = new ArrayList<>(stored.size());
                    stored.forEach(e -> batch.add(RoomEvents.of(e)));
                    try {
                        consumer.accept(List.copyOf(batch));
                    } catch (InterruptedException e) {
                        throw e;
                    } catch (Exception | LinkageError e) {
                        // A LinkageError too: a consumer whose bundle is being updated may lose its classes mid-call.
                        failing = true;
                        LOG.warn("Event stream consumer {} failed on positions {}–{}; retrying in {} ms", name,
                                batch.get(0).streamPosition(), batch.get(batch.size() - 1).streamPosition(), backoff, e);
                        sleep(backoff);
                        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                        continue;
                    }
                    failing = false;
                    backoff = FIRST_BACKOFF_MS;
                    cursor = batch.get(batch.size() - 1).streamPosition();
                    acknowledged = cursor;
                    caughtUp = stored.size() < batchSize && cursor >= streams.announced();
                    if (!caughtUp && lingerMs > 0 && stored.size() < batchSize) {
                        // Events came during the batch, as under a steady stream: they too may
                        // gather before the read, or each read would take the one or two that came.
                        sleep(lingerMs);
                    }
                }
            } finally {
                if (saved != cursor) {
                    saveCursor(cursor); // stopping: a restart or a redeploy goes on from here
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stores the acknowledgement, retrying while the database is away: the consumer is not
     * handed the next batch before its cursor has moved past this one.
     */
    private void saveCursor(long position) throws InterruptedException {
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            try {
                streams.cursors.save(name, position);
                return;
            } catch (RuntimeException e) {
                if (stopped) {
                    // Unsaved: the batch comes again to the next run (the at-least-once case the consumer allows for).
                    LOG.warn("Event stream consumer {} stopped before its cursor {} was stored: {}", name, position,
                            e.toString());
                    return;
                }
                LOG.warn("Event stream consumer {} cannot store its cursor {}: {}; retrying in {} ms", name, position,
                        e.toString(), backoff);
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }

    /** The stored cursor; a consumer seen for the first time starts at the head or at the beginning. */
    private long initialCursor() throws InterruptedException {
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            try {
                OptionalLong stored = streams.cursors.cursor(name);
                if (stored.isPresent()) {
                    return stored.getAsLong();
                }
                long start = fromBeginning ? 0 : streams.events.currentStreamPosition();
                streams.cursors.save(name, start);
                return start;
            } catch (RuntimeException e) {
                if (stopped) {
                    throw new InterruptedException("stopped");
                }
                LOG.warn("Event stream consumer {} cannot read its cursor: {}; retrying in {} ms", name, e.toString(),
                        backoff);
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }

    private void sleep(long ms) throws InterruptedException {
        long until = System.currentTimeMillis() + ms;
        while (!stopped && System.currentTimeMillis() < until) {
            Thread.sleep(Math.min(100, until - System.currentTimeMillis() + 1));
        }
    }
}
