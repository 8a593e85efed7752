package org.hearth.federation.internal.keys;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * At most one fetch per key at a time: a caller that arrives while one runs waits for it (its
 * answer is the caller's too) instead of starting another or going without.
 */
final class FetchInFlight<K> {
    private final Map<K, CompletableFuture<Void>> running = new ConcurrentHashMap<>();
    private final long waitMs;

    /** @param waitMs how long a caller waits for another's fetch at most */
    FetchInFlight(long waitMs) {
        this.waitMs = waitMs;
    }

    /** Runs {@code fetch} for the key, or waits for the one under way; returns when that ended. */
    void runOrAwait(K key, Runnable fetch) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> other = running.putIfAbsent(key, mine);
        if (other != null) {
            try {
                other.get(waitMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // no answer in time: the caller goes on with what it has
            }
            return;
        }
        try {
            fetch.run();
        } finally {
            running.remove(key, mine);
            mine.complete(null);
        }
    }
}
