package org.hearth.federation.internal.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One fetch per key at a time; callers meanwhile wait for it instead of going without. */
class FetchInFlightTest {
    private final FetchInFlight<String> inFlight = new FetchInFlight<>(30_000);
    private final AtomicInteger fetches = new AtomicInteger();
    /** Threads of the test's own: the common pool may have a single one on a small machine. */
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aCallerArrivingDuringAFetchWaitsForItAndFetchesNothingItself() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> inFlight.runOrAwait("hs1", () -> {
            fetches.incrementAndGet();
            started.countDown();
            await(answer);
        }), threads);
        started.await();
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> inFlight.runOrAwait("hs1", fetches::incrementAndGet),
                threads);

        assertThrows(TimeoutException.class, () -> second.get(300, TimeUnit.MILLISECONDS), "it waits for the answer");
        answer.countDown();
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        assertEquals(1, fetches.get(), "one fetch served both");

        inFlight.runOrAwait("hs1", fetches::incrementAndGet);
        assertEquals(2, fetches.get(), "once it ended, the next caller fetches again");
    }

    @Test
    void fetchesForOtherKeysDoNotWait() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> inFlight.runOrAwait("hs1", () -> {
            started.countDown();
            await(answer);
        }), threads);
        started.await();
        inFlight.runOrAwait("hs2", fetches::incrementAndGet);
        assertEquals(1, fetches.get());
        answer.countDown();
        slow.get(10, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
