package org.hearth.core.internal.account;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hearth.api.MatrixException;

/**
 * A token bucket per key (an address, a user): {@code burst} actions at once, refilled at
 * {@code perSecond}. Over the limit: 429 {@code M_LIMIT_EXCEEDED} with {@code retry_after_ms}.
 */
public final class RateLimiter {
    private static final int MAX_KEYS = 100_000;

    private final double perSecond;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    public RateLimiter(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes one action for the key, or throws 429 when its bucket is empty. */
    public void acquire(String key) throws MatrixException {
        long now = System.nanoTime();
        if (buckets.size() > MAX_KEYS) {
            buckets.clear(); // a flood of distinct keys must not exhaust memory
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedNanos) / 1e9 * perSecond);
            bucket.updatedNanos = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return;
            }
            long retryMs = (long) Math.ceil((1 - bucket.tokens) / perSecond * 1000);
            throw new MatrixException(429, "M_LIMIT_EXCEEDED", "Too many requests; retry later",
                    Map.of("retry_after_ms", retryMs));
        }
    }
}
