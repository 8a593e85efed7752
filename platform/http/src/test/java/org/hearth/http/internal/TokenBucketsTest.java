package org.hearth.http.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hearth.api.MatrixException;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    @Test
    void aBurstThenTooManyRequests() {
        TokenBuckets limiter = new TokenBuckets(0.1, 3, 1000, System::currentTimeMillis);
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> limiter.acquire("ip:1"));
        }
        MatrixException e = assertThrows(MatrixException.class, () -> limiter.acquire("ip:1"));
        assertEquals(429, e.status());
        assertEquals("M_LIMIT_EXCEEDED", e.errcode());
        long retry = (Long) e.extra().get("retry_after_ms");
        assertTrue(retry > 0 && retry <= 10_000, "one token comes back within 1/0.1 s: " + retry);
        assertDoesNotThrow(() -> limiter.acquire("ip:2"), "keys have their own buckets");
    }

    @Test
    void aFloodOfNewKeysNeitherGrowsMemoryNorRefillsABucketInUse() throws MatrixException {
        TokenBuckets limiter = new TokenBuckets(0.01, 2, 1000, System::currentTimeMillis);
        limiter.acquire("user:victim");
        limiter.acquire("user:victim");
        for (int i = 0; i < 5000; i++) {
            limiter.acquire("ip:10.0." + (i / 250) + "." + (i % 250));
            if (i % 100 == 0) {
                // the user under attack keeps being tried: their bucket stays in use, and empty
                assertThrows(MatrixException.class, () -> limiter.acquire("user:victim"));
            }
        }
        assertTrue(limiter.size() <= 1000, "bounded: " + limiter.size());
        assertThrows(MatrixException.class, () -> limiter.acquire("user:victim"));
    }
}
