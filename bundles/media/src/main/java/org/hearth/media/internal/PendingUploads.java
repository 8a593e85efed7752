package org.hearth.media.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Downloads waiting for the upload of a media ID reserved by {@code POST /create} (the
 * {@code timeout_ms} of a download): one future per ID, completed by the upload, dropped when its
 * last waiter gives up.
 */
final class PendingUploads {
    private static final class Waiters {
        final CompletableFuture<Void> upload = new CompletableFuture<>();
        int count;
    }

    private final Map<String, Waiters> waiting = new HashMap<>();

    /** Completes when the media is uploaded, or fails with a TimeoutException after {@code timeoutMs}. */
    CompletableFuture<Void> await(String mediaId, long timeoutMs) {
        Waiters waiters;
        synchronized (waiting) {
            waiters = waiting.computeIfAbsent(mediaId, id -> new Waiters());
            waiters.count++;
        }
        CompletableFuture<Void> mine = waiters.upload.copy().orTimeout(timeoutMs, TimeUnit.MILLISECONDS);
        mine.whenComplete((done, failure) -> {
            synchronized (waiting) {
                if (--waiters.count == 0 && waiting.get(mediaId) == waiters) {
                    waiting.remove(mediaId);
                }
            }
        });
        return mine;
    }

    void uploaded(String mediaId) {
        Waiters waiters;
        synchronized (waiting) {
            waiters = waiting.remove(mediaId);
        }
        if (waiters != null) {
            waiters.upload.complete(null);
        }
    }

    /** IDs someone waits for. */
    int size() {
        synchronized (waiting) {
            return waiting.size();
        }
    }
}
