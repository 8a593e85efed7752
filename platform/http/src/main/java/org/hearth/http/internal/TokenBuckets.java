package org.hearth.http.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import org.hearth.api.MatrixException;

/**
 * A token bucket per key (an address, a user): {@code burst} actions at once, refilled at
 * {@code perSecond}. Over the limit: 429 {@code M_LIMIT_EXCEEDED} with {@code retry_after_ms}.
 *
 * <p>At most {@code maxKeys} buckets are kept; beyond that the least recently used go, so a
 * flood of new addresses costs the flooder's own buckets, never everyone's (a bucket that was
 * evicted is full again, which only a key idle for a while can gain from).
 */
final class TokenBuckets {
    private final double perSecond;
    private final double burst;
    private final Cache<String, Bucket> buckets;
    /** Milliseconds since the epoch: the server's clock, which tests move on. */
    private final LongSupplier millis;

    private static final class Bucket {
        double tokens;
        long updatedMillis;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedMillis = now;
        }
    }

    TokenBuckets(double perSecond, int burst, long maxKeys, LongSupplier millis) {
        this.perSecond = perSecond;
        this.millis = millis;
        this.burst = burst;
        // A bucket idle long enough to have refilled is the same as a new one: let it go.
        long refillSeconds = (long) Math.ceil(burst / perSecond) + 1;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(Duration.ofSeconds(Math.min(refillSeconds, 86_400)))
                .executor(Runnable::run)
                .build();
    }

    /** Takes one action for the key, or throws 429 when its bucket is empty. */
    void acquire(String key) throws MatrixException {
        long now = millis.getAsLong();
        Bucket bucket = buckets.get(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            // a clock set back (a test clock going away) refills nothing rather than taking tokens
            bucket.tokens = Math.min(burst, bucket.tokens + Math.max(0, now - bucket.updatedMillis) / 1e3 * perSecond);
            bucket.updatedMillis = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return;
            }
            long retryMs = (long) Math.ceil((1 - bucket.tokens) / perSecond * 1000);
            throw new MatrixException(429, "M_LIMIT_EXCEEDED", "Too many requests; retry later",
                    Map.of("retry_after_ms", retryMs));
        }
    }

    long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}
